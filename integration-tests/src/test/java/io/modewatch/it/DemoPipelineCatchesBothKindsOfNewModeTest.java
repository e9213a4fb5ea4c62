package io.modewatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modewatch.launcher.ModewatchCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline as a user runs it ({@code modewatch demo --quick}): a real broker and
 * registry, the tiny model, MiniLM, the four services and the world's traffic script, scored
 * against the ground truth the traffic carries.
 */
class DemoPipelineCatchesBothKindsOfNewModeTest {

    @Test
    void withDefaultSettingsTheRefusalAlertsSoonAfterOnsetNothingPagesTwiceAndNothingIsLost() throws Exception {
        Path report = Files.createTempFile("demo-report-", ".json");
        List<String> args = new ArrayList<>(List.of("demo", "--quick", "--report", report.toString()));
        SharedRuntime.registryHome().ifPresent(home -> args.add("--registry-home=" + home));
        assertThat(ModewatchCli.run(args.toArray(String[]::new))).isZero();

        JsonNode r = new ObjectMapper().readTree(report.toFile());
        long deadLetters = 0;
        for (JsonNode n : r.get("dead_letters")) {
            deadLetters += n.asLong();
        }
        assertThat(r.get("continuations").asLong()).isPositive();
        assertThat(r.get("assigned").asLong() + deadLetters).as("every continuation assigned or dead-lettered")
                .isEqualTo(r.get("continuations").asLong());

        // --quick: 2,700 door-code continuations; the refusal starts at 40% of them, so a delay bound above
        // about 1,600 could not fail. The services interleave differently in every run, and on this short
        // script the copy mode (about 220 continuations in all) was caught after 406-871 continuations in
        // four of five runs and missed in the fifth, which also raised 2 false alerts; that detection is asserted
        // where it is deterministic, in EvaluateScoresDetectionWithDefaultSettingsTest.
        JsonNode rd = r.get("monitors").get(0);
        assertThat(rd.get("stationaryAlerts").asInt()).as("no alert on the stationary stretch").isZero();
        assertThat(rd.get("falseAlerts").asInt()).as("false alerts: stationary forms, the urgent wording, wrong kinds")
                .isLessThanOrEqualTo(2);
        JsonNode refusal = mode(rd, "semantic:refusal");
        assertThat(kinds(refusal)).containsAnyOf("SEMANTIC", "BOTH");
        assertThat(refusal.get("delayContinuations").asLong()).isBetween(0L, 600L);
        assertThat(refusal.get("alertsOnMode").asInt()).as("pages for the refusal mode").isLessThanOrEqualTo(2);
        JsonNode copy = mode(rd, "mechanistic:copy");
        assertThat(copy.get("alertsOnMode").asInt()).as("pages for the copy mode, spread over every door").isLessThanOrEqualTo(2);

        JsonNode semanticOnly = r.get("monitors").get(1);
        assertThat(kinds(mode(semanticOnly, "mechanistic:copy"))).as("a semantic-only clustering misses the copy mode")
                .doesNotContain("MECHANISTIC");
    }

    private static JsonNode mode(JsonNode monitor, String injected) {
        for (JsonNode m : monitor.get("modes")) {
            if (m.get("injected").asText().equals(injected)) {
                return m;
            }
        }
        throw new AssertionError("the report has no row for " + injected + ": " + monitor);
    }

    private static List<String> kinds(JsonNode mode) {
        List<String> out = new ArrayList<>();
        mode.get("alertKinds").forEach(k -> out.add(k.asText()));
        return out;
    }
}
