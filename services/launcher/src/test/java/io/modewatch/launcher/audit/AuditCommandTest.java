package io.modewatch.launcher.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modewatch.launcher.ModewatchCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandTest {

    @TempDir
    Path dir;

    private record Outcome(int code, String out, String err) {
    }

    private Outcome run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = ModewatchCli.run(args);
            return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** Two modes with the same meaning and different mechanisms, signatures in both accepted forms. */
    private Path twoMechanisms() throws Exception {
        SplittableRandom random = new SplittableRandom(1);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            boolean copy = i % 2 == 1;
            double e0 = 1 + 0.05 * random.nextGaussian();
            double e1 = 0.05 * random.nextGaussian();
            int unit = copy ? 5 : 1;
            String signature = i % 4 == 0
                    ? String.format(Locale.ROOT, "{\"dim\": 8, \"indices\": [%d], \"values\": [%.4f]}", unit, 3 + random.nextGaussian() * 0.1)
                    : dense(unit, 3 + random.nextGaussian() * 0.1);
            lines.add(String.format(Locale.ROOT, "{\"id\": \"c%d\", \"weight\": 0.5, \"embedding\": [%.5f, %.5f], \"signature\": %s, \"text\": \"%s\"}",
                    i, e0, e1, signature, copy ? "copied 1234" : "recalled 1234"));
        }
        Path file = dir.resolve("points.jsonl");
        Files.write(file, lines);
        return file;
    }

    private static String dense(int unit, double value) {
        StringBuilder b = new StringBuilder("[");
        for (int j = 0; j < 8; j++) {
            b.append(j > 0 ? ", " : "").append(j == unit ? String.format(Locale.ROOT, "%.4f", value) : "0");
        }
        return b.append("]").toString();
    }

    @Test
    void auditSeparatesTwoMechanismsBehindTheSameMeaningAndWritesEveryId() throws Exception {
        Path out = dir.resolve("clusters.json");
        Outcome o = run("audit", "--input", twoMechanisms().toString(), "--beta", "2", "--gamma", "0.5", "--output", out.toString());
        assertThat(o.code()).as(o.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toFile());
        assertThat(json.get("K").asInt()).isEqualTo(2);
        assertThat(json.get("assignments").size()).isEqualTo(40);
        assertThat(json.get("assignments").get("c0").asInt()).isNotEqualTo(json.get("assignments").get("c1").asInt());
        JsonNode cluster = json.get("clusters").get(0);
        assertThat(cluster.get("share").asDouble()).isCloseTo(0.5, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(cluster.get("exemplars").get(0).get("text").asText()).contains("1234");
        assertThat(cluster.get("topUnits").get(0).get("unit").asInt()).isIn(1, 5);
        assertThat(json.has("L_RD") && json.has("H") && json.has("D_e") && json.has("D_a")).isTrue();
    }

    @Test
    void theSweepPrintsOneRowPerSettingWithKAndSilhouettes() throws Exception {
        Outcome o = run("audit", "--input", twoMechanisms().toString(), "--sweep");
        assertThat(o.code()).as(o.err()).isZero();
        List<String> rows = o.out().lines().toList();
        assertThat(rows.get(0)).contains("K").contains("s_e").contains("s_a").contains("h");
        assertThat(rows).hasSize(1 + 20);
    }

    @Test
    void raggedDimensionsAreRejectedWithTheLineNumber() throws Exception {
        Path file = dir.resolve("ragged.jsonl");
        Files.write(file, List.of(
                "{\"id\": \"a\", \"embedding\": [1, 0], \"signature\": [1, 2]}",
                "",
                "{\"id\": \"b\", \"embedding\": [1, 0, 0], \"signature\": [1, 2]}"));
        Outcome o = run("audit", "--input", file.toString());
        assertThat(o.code()).isNotZero();
        assertThat(o.err()).contains("line 3").contains("embedding has 3 dimensions").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void nanMissingFieldsAndEmptyFilesAreRejectedWithAReason() throws Exception {
        Path nan = dir.resolve("nan.jsonl");
        Files.write(nan, List.of("{\"id\": \"a\", \"embedding\": [1, \"NaN\"], \"signature\": [1]}"));
        assertThat(run("audit", "--input", nan.toString()).err()).contains("line 1").contains("not a finite number");

        Path missing = dir.resolve("missing.jsonl");
        Files.write(missing, List.of("{\"id\": \"a\", \"embedding\": [1, 0]}"));
        Outcome o = run("audit", "--input", missing.toString());
        assertThat(o.code()).isNotZero();
        assertThat(o.err()).contains("line 1").contains("missing field 'signature'");

        Path empty = dir.resolve("empty.jsonl");
        Files.write(empty, List.of());
        Outcome e = run("audit", "--input", empty.toString());
        assertThat(e.code()).isNotZero();
        assertThat(e.err()).contains("empty");
    }
}
