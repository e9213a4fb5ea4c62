package io.modewatch.launcher;

import io.modewatch.attributor.AttributorConfig;
import io.modewatch.clusterer.ClustererConfig;
import io.modewatch.common.config.Setting;
import io.modewatch.embedder.EmbedderConfig;
import io.modewatch.sampler.SamplerConfig;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Narrows one shell environment to what one service reads. Users export the settings of the whole
 * pipeline once (the README's example does) and start every service from that shell, so a service
 * drops the {@code MODEWATCH_*} names that belong to another service or to the launcher itself;
 * a name nobody declares (a typo) stays, and the service refuses it.
 */
final class ServiceSettingsScope {

    static final Map<String, List<Setting>> SERVICES = Map.of(
            SamplerConfig.SERVICE, SamplerConfig.settings(),
            EmbedderConfig.SERVICE, EmbedderConfig.settings(),
            AttributorConfig.SERVICE, AttributorConfig.settings(),
            ClustererConfig.SERVICE, ClustererConfig.settings(),
            io.modewatch.notifier.NotifierConfig.SERVICE, io.modewatch.notifier.NotifierConfig.settings());

    private ServiceSettingsScope() {
    }

    static Map<String, String> forService(String service, Map<String, String> environment) {
        Set<String> own = names(SERVICES.get(service));
        Set<String> others = new HashSet<>(LauncherVariables.ALL);
        SERVICES.forEach((name, settings) -> others.addAll(names(settings)));
        others.removeAll(own);
        Map<String, String> scoped = new HashMap<>(environment);
        scoped.keySet().removeAll(others);
        return scoped;
    }

    private static Set<String> names(List<Setting> settings) {
        Set<String> names = new HashSet<>();
        settings.forEach(s -> names.add(s.name()));
        return names;
    }
}
