package io.modewatch.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The rules every schema follows, so that consumers can rely on them without reading each file. */
class SchemaConventionsTest {

  private static final String NAMESPACE = "io.modewatch.schema";

  private final SchemaTree current = SchemaTree.current();

  @Test
  void everyTypeAndEveryFieldIsDocumented() {
    List<String> undocumented = new ArrayList<>();
    forEachNamedType((file, type) -> {
      if (blank(type.getDoc())) {
        undocumented.add(file + ": type " + type.getFullName());
      }
      if (type.getType() == Schema.Type.RECORD) {
        for (Schema.Field field : type.getFields()) {
          if (blank(field.doc())) {
            undocumented.add(file + ": field " + type.getName() + "." + field.name());
          }
        }
      }
    });
    assertThat(undocumented).as("types and fields without a doc").isEmpty();
  }

  @Test
  void everyTypeLivesInTheSharedNamespace() {
    List<String> elsewhere = new ArrayList<>();
    forEachNamedType((file, type) -> {
      if (!NAMESPACE.equals(type.getNamespace())) {
        elsewhere.add(file + ": " + type.getFullName());
      }
    });
    assertThat(elsewhere).as("types outside " + NAMESPACE).isEmpty();
  }

  @Test
  void everyFileIsNamedAfterTheTypeItDefines() {
    for (String file : current.files()) {
      String simpleName = file.substring(file.lastIndexOf('/') + 1, file.length() - ".avsc".length());
      assertThat(current.parse(file).getName()).as(file).isEqualTo(simpleName);
    }
  }

  @Test
  void optionalFieldsAreUnionsWithNullFirstAndDefaultNull() {
    // Null first with default null is what lets a field be added or left out compatibly later.
    List<String> wrong = new ArrayList<>();
    forEachNamedType((file, type) -> {
      if (type.getType() != Schema.Type.RECORD) {
        return;
      }
      for (Schema.Field field : type.getFields()) {
        Schema schema = field.schema();
        if (schema.getType() == Schema.Type.UNION && schema.isNullable()) {
          boolean nullFirst = schema.getTypes().get(0).getType() == Schema.Type.NULL;
          if (!nullFirst || field.defaultVal() != JsonProperties.NULL_VALUE) {
            wrong.add(file + ": " + type.getName() + "." + field.name());
          }
        }
      }
    });
    assertThat(wrong).as("nullable fields that are not [\"null\", T] with default null").isEmpty();
  }

  private void forEachNamedType(BiConsumer<String, Schema> action) {
    for (String file : current.files()) {
      collectNamed(current.parse(file), new HashSet<>()).forEach(type -> action.accept(file, type));
    }
  }

  private static List<Schema> collectNamed(Schema schema, Set<String> seen) {
    List<Schema> named = new ArrayList<>();
    switch (schema.getType()) {
      case RECORD -> {
        if (seen.add(schema.getFullName())) {
          named.add(schema);
          schema.getFields().forEach(f -> named.addAll(collectNamed(f.schema(), seen)));
        }
      }
      case ENUM, FIXED -> {
        if (seen.add(schema.getFullName())) {
          named.add(schema);
        }
      }
      case ARRAY -> named.addAll(collectNamed(schema.getElementType(), seen));
      case MAP -> named.addAll(collectNamed(schema.getValueType(), seen));
      case UNION -> schema.getTypes().forEach(t -> named.addAll(collectNamed(t, seen)));
      default -> { }
    }
    return named;
  }

  private static boolean blank(String doc) {
    return doc == null || doc.isBlank();
  }
}
