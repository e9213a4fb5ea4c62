package io.modewatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modewatch.launcher.ModewatchCli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code modewatch evaluate} as a user runs it, on one traffic seed: the tiny model's real
 * continuations, MiniLM embeddings and signatures, through the online clusterer and detector with
 * default settings. The bounds are the ones the detector meets today (docs/clustering.md); the
 * detector before families and the sequential test crossed every one of them.
 */
class EvaluateScoresDetectionWithDefaultSettingsTest {

    @Test
    void defaultSettingsCatchMostModesWithTheRightKindSoonAfterOnsetAndOnePageEach() throws Exception {
        Path dir = Files.createTempDirectory("evaluate-");
        Path report = dir.resolve("report.json");
        assertThat(ModewatchCli.run("evaluate", "--seeds", "1", "--cache-dir", dir.resolve("cache").toString(),
                "--report", report.toString())).isZero();

        JsonNode r = new ObjectMapper().readTree(report.toFile());
        JsonNode rd = r.get("totals").get(0);
        JsonNode semanticOnly = r.get("totals").get(1);
        assertThat(rd.get("injected").asInt()).isEqualTo(8);
        assertThat(rd.get("detected").asInt()).as("modes detected with the right kind").isGreaterThanOrEqualTo(7);
        assertThat(rd.get("medianDelay").asDouble()).as("median continuations from onset to alert").isLessThanOrEqualTo(1_000);
        assertThat(rd.get("maxAlertsPerMode").asInt()).as("pages per injected mode").isLessThanOrEqualTo(1);
        // Deterministic: seed 1 raised 6 false alerts (4 on stationary traffic, 2 on the wording shift) on
        // 2026-12-02, 13 before a family whose members were all known by the time its evidence came in stopped paging.
        assertThat(rd.get("falseAlerts").asInt()).as("false alerts of seed 1, all 8 timelines (target 0, not met yet)")
                .isLessThanOrEqualTo(6);
        assertThat(rd.get("urgentMechanistic").asInt()).as("wording shift reported as a new mechanism (target 0, not met yet)").isLessThanOrEqualTo(2);

        int copiesByRd = 0;
        for (JsonNode s : r.get("scenarios").get(0)) {
            for (JsonNode m : s.get("modes")) {
                if (m.get("label").asText().equals("copy") && !m.get("delay").isNull()) {
                    copiesByRd++;
                }
            }
            if (s.get("scenario").asText().equals("stationary")) {
                assertThat(s.get("falseAlerts").asInt()).as("false alerts on 20,000 stationary continuations")
                        .isLessThanOrEqualTo(1);
            }
        }
        assertThat(copiesByRd).as("mechanism-only copy modes caught by RD").isGreaterThanOrEqualTo(2);
        for (JsonNode s : r.get("scenarios").get(1)) {
            for (JsonNode m : s.get("modes")) {
                if (m.get("label").asText().equals("copy")) {
                    assertThat(m.get("delay").isNull()).as("a semantic-only monitor cannot see the copy mode").isTrue();
                }
            }
        }
        assertThat(semanticOnly.get("falseAlerts").asInt()).isZero();
    }
}
