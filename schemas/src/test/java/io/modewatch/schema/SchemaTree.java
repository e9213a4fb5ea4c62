package io.modewatch.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;

/**
 * One tree of .avsc files: the schemas as they are now ({@code src/main/avro}) or as committed in
 * the compatibility snapshot ({@code compat/}), which mirrors it file for file.
 *
 * <p>Files are parsed the way the avro-maven-plugin parses them: the shared types of
 * {@code common/} first, so that a schema may refer to them by name. Each schema gets a fresh
 * parser because a parser refuses to define a name twice.
 */
final class SchemaTree {

  static final String COMMON = "common";

  // Surefire sets basedir to the module; the fallback lets an IDE that runs tests in the module work too.
  private static final Path MODULE = Path.of(System.getProperty("basedir", "."));

  private final Path root;

  private SchemaTree(Path root) {
    this.root = root;
  }

  static SchemaTree current() {
    return new SchemaTree(MODULE.resolve("src/main/avro"));
  }

  static SchemaTree snapshot() {
    return new SchemaTree(MODULE.resolve("compat"));
  }

  Path root() {
    return root;
  }

  /** Paths of every .avsc file relative to the root, with '/' separators, sorted. */
  List<String> files() {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> p.toString().endsWith(".avsc"))
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list schemas under " + root, e);
    }
  }

  boolean has(String relativePath) {
    return Files.isRegularFile(root.resolve(relativePath));
  }

  /** Parses one file of this tree, with the shared types of this tree's common/ in scope. */
  Schema parse(String relativePath) {
    Schema.Parser parser = new Schema.Parser();
    for (String shared : files()) {
      if (shared.startsWith(COMMON + "/") && !shared.equals(relativePath)) {
        parseFile(parser, shared);
      }
    }
    return parseFile(parser, relativePath);
  }

  private Schema parseFile(Schema.Parser parser, String relativePath) {
    Path file = root.resolve(relativePath);
    try {
      return parser.parse(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
