package io.modewatch.launcher.evaluate;

import java.util.List;

/**
 * The suite's figures for one monitor, over every scenario and seed.
 *
 * @param recall                  injected modes detected with the right kind, as a fraction
 * @param medianDelay             over detected modes; NaN when none
 * @param medianDelayAt5Percent   over detected modes injected at 5%; NaN when none
 * @param maxAlertsPerMode        most alerts any one injected mode raised
 * @param falseAlertsPer10k       false alerts per 10,000 stationary continuations
 */
record EvaluationTotals(String monitor, int injected, int detected, double recall, double medianDelay,
                        double medianDelayAt5Percent, double meanAlertsPerMode, int maxAlertsPerMode, int falseAlerts,
                        long stationaryEvents, double falseAlertsPer10k, int urgentMechanistic) {

    static EvaluationTotals of(String monitor, List<ScenarioScore> scores) {
        int injected = 0, detected = 0, maxAlerts = 0, falseAlerts = 0, urgent = 0;
        long alertsOnModes = 0, stationary = 0;
        List<Long> delays = new java.util.ArrayList<>();
        List<Long> delays5 = new java.util.ArrayList<>();
        for (ScenarioScore s : scores) {
            falseAlerts += s.falseAlerts();
            stationary += s.stationaryEvents();
            urgent += s.urgentMechanistic();
            for (ScenarioScore.ModeScore m : s.modes()) {
                injected++;
                alertsOnModes += m.alerts();
                maxAlerts = Math.max(maxAlerts, m.alerts());
                if (m.detected()) {
                    detected++;
                    delays.add(m.delay());
                    if (Math.abs(m.share() - 0.05) < 1e-9) {
                        delays5.add(m.delay());
                    }
                }
            }
        }
        return new EvaluationTotals(monitor, injected, detected, injected == 0 ? Double.NaN : (double) detected / injected,
                median(delays), median(delays5), injected == 0 ? Double.NaN : (double) alertsOnModes / injected, maxAlerts,
                falseAlerts, stationary, stationary == 0 ? Double.NaN : 10_000.0 * falseAlerts / stationary, urgent);
    }

    static double median(List<Long> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }
}
