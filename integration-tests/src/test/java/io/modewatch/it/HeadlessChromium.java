package io.modewatch.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The system's Chromium (Debian's {@code chromium} package) run headless on a page: its DOM after
 * the page's scripts ran, or a screenshot. {@code --virtual-time-budget} lets the page run its
 * timers and fetches for that long in virtual time (time stops while a request is in flight), so
 * the result does not depend on how fast the machine is.
 */
final class HeadlessChromium {

    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser"),
            Path.of("/usr/bin/google-chrome"));

    private final Path binary;
    private final Path profile;

    private HeadlessChromium(Path binary, Path profile) {
        this.binary = binary;
        this.profile = profile;
    }

    static Optional<HeadlessChromium> find(Path workDir) throws IOException {
        Optional<Path> binary = CANDIDATES.stream().filter(Files::isExecutable).findFirst();
        if (binary.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new HeadlessChromium(binary.get(), Files.createDirectories(workDir.resolve("chromium-profile"))));
    }

    /** The page's DOM, serialised, after {@code budgetMillis} of virtual time. */
    String dom(String url, int budgetMillis) throws IOException, InterruptedException {
        Path out = Files.createTempFile(profile.getParent(), "dom-", ".html");
        run(out, url, budgetMillis, "--dump-dom");
        return Files.readString(out);
    }

    /** A PNG of the page in a window of this size, after {@code budgetMillis} of virtual time. */
    void screenshot(String url, int budgetMillis, Path png, int width, int height) throws IOException, InterruptedException {
        Files.deleteIfExists(png);
        run(null, url, budgetMillis, "--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
                "--hide-scrollbars");
        if (!Files.isRegularFile(png)) {
            throw new IllegalStateException("chromium wrote no screenshot to " + png);
        }
    }

    private void run(Path stdout, String url, int budgetMillis, String... mode) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--disable-gpu", "--no-first-run",
                // The sandbox needs user namespaces, which containers (and root) often lack.
                "--no-sandbox", "--user-data-dir=" + profile, "--virtual-time-budget=" + budgetMillis));
        Stream.of(mode).forEach(command::add);
        command.add(url);
        Path log = Files.createTempFile(profile.getParent(), "chromium-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
        builder.redirectOutput(stdout == null ? ProcessBuilder.Redirect.appendTo(log.toFile()) : ProcessBuilder.Redirect.to(stdout.toFile()));
        Process p = builder.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not finish within 120 s on " + url + "; its log: " + log);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("chromium exited " + p.exitValue() + " on " + url + ": " + Files.readString(log));
        }
    }
}
