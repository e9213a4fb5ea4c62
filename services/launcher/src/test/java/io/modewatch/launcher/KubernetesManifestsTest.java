package io.modewatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.modewatch.common.topics.ModewatchTopics;
import io.modewatch.common.topics.TopicSpec;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests of {@code k8s/}, checked offline: {@code kubectl kustomize} renders the
 * dev and prod overlays (and prod with the gpu component); every rendered object binds to its model
 * with no field the model does not know (Strimzi's {@code io.strimzi:api} for Kafka, KafkaNodePool
 * and KafkaTopic, fabric8's Kubernetes model for the built-in kinds); the topics are exactly the
 * code's, with its retention and cleanup policy; every setting given to a modewatch container is
 * one its service declares and parses; the clusterer's routing address, state volume, probes and
 * selectors fit together.
 */
class KubernetesManifestsTest {

    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final Path KUBECTL = Path.of("/usr/bin/kubectl");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper MODEL = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    private static final Map<String, Class<?>> KINDS = Map.ofEntries(
            Map.entry("Kafka", Kafka.class), Map.entry("KafkaNodePool", KafkaNodePool.class), Map.entry("KafkaTopic", KafkaTopic.class),
            Map.entry("KafkaUser", KafkaUser.class),
            Map.entry("ConfigMap", ConfigMap.class), Map.entry("Namespace", Namespace.class),
            Map.entry("PersistentVolumeClaim", PersistentVolumeClaim.class), Map.entry("Service", Service.class),
            Map.entry("Deployment", Deployment.class), Map.entry("StatefulSet", StatefulSet.class),
            Map.entry("PodDisruptionBudget", PodDisruptionBudget.class));

    @Test
    void everyOverlayRendersAndEveryObjectBindsToItsModelWithNoUnknownField() throws Exception {
        for (var overlay : overlays().entrySet()) {
            for (JsonNode object : overlay.getValue()) {
                String kind = object.path("kind").asText();
                String what = overlay.getKey() + ": " + kind + " " + object.path("metadata").path("name").asText();
                if (kind.equals("NetworkPolicy")) {
                    assertNoUnknownField(MODEL.treeToValue(object, NetworkPolicy.class), what);
                } else if (kind.equals("ServiceMonitor")) {
                    // The Prometheus Operator's kind has no model here: its selector and port must match a Service.
                    assertThat(object.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
                    String port = object.path("spec").path("endpoints").path(0).path("port").asText();
                    assertThat(services(overlay.getValue()).stream().filter(s -> matches(object.path("spec").path("selector"),
                            s.path("metadata").path("labels")))).as("%s selects Services with a port %s", what, port)
                            .isNotEmpty().allSatisfy(s -> assertThat(s.path("spec").path("ports").findValuesAsText("name")).contains(port));
                } else {
                    assertThat(KINDS).as("%s: a kind this test knows", what).containsKey(kind);
                    Object bound = MODEL.treeToValue(object, KINDS.get(kind));
                    assertNoUnknownField(bound, what);
                }
                if (kind.startsWith("Kafka")) {
                    @SuppressWarnings("unchecked")
                    List<String> versions = (List<String>) KINDS.get(kind).getField("VERSIONS").get(null);
                    assertThat(versions).as("%s: apiVersion", what).contains(object.path("apiVersion").asText().split("/")[1]);
                }
            }
        }
        // The check does catch a misspelt field, in a built-in kind and in a Strimzi one.
        JsonNode deployment = byKind(overlays().get("dev"), "Deployment").get(0).deepCopy();
        ((ObjectNode) deployment.path("spec")).put("replica", 2);
        assertThatThrownBy(() -> assertNoUnknownField(MODEL.treeToValue(deployment, Deployment.class), "typo"))
                .hasMessageContaining("replica");
        JsonNode topic = byKind(overlays().get("dev"), "KafkaTopic").get(0).deepCopy();
        ((ObjectNode) topic.path("spec")).put("partition", 2);
        assertThatThrownBy(() -> assertNoUnknownField(MODEL.treeToValue(topic, KafkaTopic.class), "typo"))
                .hasMessageContaining("partition");
    }

    @Test
    void theTopicsAreTheCodesWithItsRetentionAndOnePartitionCountTheServicesKnow() throws Exception {
        for (var overlay : overlays().entrySet()) {
            List<JsonNode> topics = byKind(overlay.getValue(), "KafkaTopic");
            Map<String, TopicSpec> expected = ModewatchTopics.all().stream().collect(Collectors.toMap(TopicSpec::name, t -> t));
            assertThat(topics.stream().map(t -> t.path("metadata").path("name").asText()).toList())
                    .as("%s: one KafkaTopic per topic of ModewatchTopics", overlay.getKey())
                    .containsExactlyInAnyOrderElementsOf(expected.keySet());
            Map<String, String> settings = configMap(overlay.getValue());
            for (JsonNode t : topics) {
                TopicSpec spec = expected.get(t.path("metadata").path("name").asText());
                for (var c : spec.configs().entrySet()) {
                    assertThat(t.path("spec").path("config").path(c.getKey()).asText()).as("%s %s", spec.name(), c.getKey())
                            .isEqualTo(c.getValue());
                }
                assertThat(t.path("spec").path("partitions").asText()).as("%s partitions = MODEWATCH_TOPIC_PARTITIONS", spec.name())
                        .isEqualTo(settings.get("MODEWATCH_TOPIC_PARTITIONS"));
                assertThat(t.path("spec").path("replicas").asText()).as("%s replicas = MODEWATCH_TOPIC_REPLICATION_FACTOR", spec.name())
                        .isEqualTo(settings.get("MODEWATCH_TOPIC_REPLICATION_FACTOR"));
                assertThat(t.path("metadata").path("labels").path("strimzi.io/cluster").asText())
                        .isEqualTo(byKind(overlay.getValue(), "Kafka").get(0).path("metadata").path("name").asText());
            }
            int brokers = byKind(overlay.getValue(), "KafkaNodePool").stream().mapToInt(p -> p.path("spec").path("replicas").asInt()).sum();
            assertThat(Integer.parseInt(settings.get("MODEWATCH_TOPIC_REPLICATION_FACTOR"))).as("%s: replicas <= brokers", overlay.getKey())
                    .isLessThanOrEqualTo(brokers);
        }
    }

    @Test
    void everyModewatchContainerGetsSettingsItsServiceDeclaresAndParsesWithProbesOnItsPort() throws Exception {
        for (var overlay : overlays().entrySet()) {
            Map<String, String> settings = configMap(overlay.getValue());
            if (overlay.getKey().startsWith("prod")) {
                assertThat(settings.get("KAFKA_SECURITY_PROTOCOL")).as("prod: the services authenticate to Kafka").isEqualTo("SASL_SSL");
            }
            assertThat(DeployedServices.declaredByAny()).as("%s: the ConfigMap's settings", overlay.getKey())
                    .containsAll(settings.keySet().stream().filter(k -> k.startsWith("MODEWATCH_")).toList());
            Set<String> run = new TreeSet<>();
            for (JsonNode workload : workloads(overlay.getValue())) {
                JsonNode pod = workload.path("spec").path("template");
                JsonNode container = pod.path("spec").path("containers").path(0);
                if (!container.path("args").path(0).asText().equals("run")) {
                    continue;
                }
                String service = container.path("args").path(1).asText();
                String what = overlay.getKey() + ": " + service;
                run.add(service);
                assertThat(container.path("envFrom").findValuesAsText("name")).as(what).contains("modewatch-settings");
                Map<String, String> env = new HashMap<>(settings);
                env.put("POD_NAME", workload.path("metadata").path("name").asText() + "-0");
                env.put("POD_NAMESPACE", workload.path("metadata").path("namespace").asText());
                for (JsonNode e : container.path("env")) {
                    String name = e.path("name").asText();
                    if (name.startsWith("MODEWATCH_")) {
                        assertThat(DeployedServices.declaredBy(service)).as("%s's env names %s", what, name).contains(name);
                    }
                    if (e.path("valueFrom").has("fieldRef")) {
                        assertThat(env).as("%s: %s, the pod's own field, stands in for the check", what, name).containsKey(name);
                    } else if (e.has("valueFrom")) {
                        // A Secret's key: its value is not known here, only that it names an existing kind of secret.
                        JsonNode ref = e.path("valueFrom").path("secretKeyRef");
                        assertThat(ref.path("name").asText()).as("%s: %s from a Secret", what, name).isNotEmpty();
                        env.put(name, "secret:" + ref.path("name").asText() + "/" + ref.path("key").asText());
                    } else if (e.has("value")) {
                        String value = e.path("value").asText();
                        for (var known : env.entrySet()) {
                            value = value.replace("$(" + known.getKey() + ")", known.getValue());
                        }
                        assertThat(value).as("%s: %s refers only to variables defined before it", what, name).doesNotContain("$(");
                        env.put(name, value);
                    }
                }
                DeployedServices.parses(service, env);
                if ("SASL_SSL".equals(env.get("KAFKA_SECURITY_PROTOCOL"))) {
                    assertKafkaCredentialsFitStrimzi(overlay.getValue(), container, pod, env, what);
                }
                String port = env.get("MODEWATCH_HTTP_PORT");
                assertThat(container.path("ports").path(0).path("containerPort").asText()).as(what).isEqualTo(port);
                String portName = container.path("ports").path(0).path("name").asText();
                assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).as(what).isEqualTo("/health/ready");
                assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).as(what).isEqualTo("/health/live");
                assertThat(container.findValuesAsText("port")).as("%s: probes on the service's port", what).containsOnly(portName);
                assertThat(pod.path("spec").path("securityContext").path("runAsNonRoot").asBoolean()).as(what).isTrue();
                assertThat(services(overlay.getValue()).stream().anyMatch(s -> matches(s.path("spec").path("selector"),
                        pod.path("metadata").path("labels")))).as("%s: a Service selects its pods", what).isTrue();

                if (service.equals("clusterer")) {
                    assertThat(workload.path("kind").asText()).isEqualTo("StatefulSet");
                    String headless = workload.path("spec").path("serviceName").asText();
                    JsonNode routing = services(overlay.getValue()).stream()
                            .filter(s -> s.path("metadata").path("name").asText().equals(headless)).findFirst().orElseThrow();
                    assertThat(routing.path("spec").path("clusterIP").asText()).as("%s is headless", headless).isEqualTo("None");
                    assertThat(env.get("MODEWATCH_APPLICATION_SERVER")).as("routing address: the pod's DNS name")
                            .isEqualTo(env.get("POD_NAME") + "." + headless + "." + env.get("POD_NAMESPACE") + ".svc.cluster.local:" + port);
                    String stateVolume = workload.path("spec").path("volumeClaimTemplates").path(0).path("metadata").path("name").asText();
                    assertThat(container.path("volumeMounts").findValuesAsText("mountPath")).as("state on the claim")
                            .contains(env.get("MODEWATCH_STATE_DIR"));
                    assertThat(container.path("volumeMounts").findValuesAsText("name")).contains(stateVolume);
                    int replicas = workload.path("spec").path("replicas").asInt();
                    assertThat(replicas).as("instances <= partitions").isLessThanOrEqualTo(Integer.parseInt(settings.get("MODEWATCH_TOPIC_PARTITIONS")));
                    if (replicas > 1) {
                        assertThat(env.get("KAFKA_NUM_STANDBY_REPLICAS")).as("%s: standby replicas with several instances", what).isEqualTo("1");
                    }
                }
            }
            assertThat(run).as("%s: every service runs", overlay.getKey()).containsExactlyInAnyOrderElementsOf(DeployedServices.services());
            for (JsonNode pdb : byKind(overlay.getValue(), "PodDisruptionBudget")) {
                assertThat(workloads(overlay.getValue()).stream().anyMatch(w -> selects(pdb.path("spec").path("selector"),
                        w.path("spec").path("template").path("metadata").path("labels"))))
                        .as("%s: PDB %s selects pods", overlay.getKey(), pdb.path("metadata").path("name").asText()).isTrue();
            }
        }
    }

    /**
     * On the TLS listener with SCRAM: the bootstrap port is such a listener of the Kafka resource, the
     * JAAS config is the User Operator's Secret of a SCRAM KafkaUser, and the truststore is the
     * cluster CA Secret, mounted where KAFKA_SSL_TRUSTSTORE_LOCATION points, with its password.
     */
    private static void assertKafkaCredentialsFitStrimzi(List<JsonNode> objects, JsonNode container, JsonNode pod,
                                                         Map<String, String> env, String what) {
        JsonNode kafka = byKind(objects, "Kafka").get(0);
        String cluster = kafka.path("metadata").path("name").asText();
        String bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
        assertThat(bootstrap).as(what).startsWith(cluster + "-kafka-bootstrap:");
        int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
        JsonNode listener = null;
        for (JsonNode l : kafka.path("spec").path("kafka").path("listeners")) {
            if (l.path("port").asInt() == port) {
                listener = l;
            }
        }
        assertThat(listener).as("%s: a listener on port %d", what, port).isNotNull();
        assertThat(listener.path("tls").asBoolean()).as("%s: TLS on that listener", what).isTrue();
        assertThat(listener.path("authentication").path("type").asText()).isEqualTo("scram-sha-512");
        assertThat(env.get("KAFKA_SASL_MECHANISM")).isEqualTo("SCRAM-SHA-512");
        List<String> users = byKind(objects, "KafkaUser").stream()
                .filter(u -> u.path("spec").path("authentication").path("type").asText().equals("scram-sha-512"))
                .map(u -> "secret:" + u.path("metadata").path("name").asText() + "/sasl.jaas.config").toList();
        assertThat(users).as("%s: the JAAS config of a SCRAM KafkaUser", what).contains(env.get("KAFKA_SASL_JAAS_CONFIG"));
        String ca = cluster + "-cluster-ca-cert";
        assertThat(env.get("KAFKA_SSL_TRUSTSTORE_PASSWORD")).isEqualTo("secret:" + ca + "/ca.password");
        Path truststore = Path.of(env.get("KAFKA_SSL_TRUSTSTORE_LOCATION"));
        assertThat(truststore.getFileName().toString()).isEqualTo("ca.p12");
        String volume = null;
        for (JsonNode m : container.path("volumeMounts")) {
            if (m.path("mountPath").asText().equals(truststore.getParent().toString())) {
                volume = m.path("name").asText();
            }
        }
        assertThat(volume).as("%s: the truststore's directory is mounted", what).isNotNull();
        for (JsonNode v : pod.path("spec").path("volumes")) {
            if (v.path("name").asText().equals(volume)) {
                assertThat(v.path("secret").path("secretName").asText()).as("%s: the cluster CA Secret", what).isEqualTo(ca);
            }
        }
    }

    /** Each overlay rendered by kubectl kustomize, as its objects; prod+gpu is prod with the gpu component. */
    private static Map<String, List<JsonNode>> overlays() throws IOException {
        assumeThat(KUBECTL).as("kubectl (renders the overlays with its built-in kustomize)").exists();
        Map<String, List<JsonNode>> out = new TreeMap<>();
        for (String overlay : List.of("dev", "prod")) {
            out.put(overlay, render(ROOT.resolve("k8s/overlays/" + overlay)));
        }
        // kustomize takes relative paths only: the overlay lives in this module's target directory.
        Path gpu = Files.createDirectories(Path.of("target/k8s-prod-gpu").toAbsolutePath());
        String up = gpu.relativize(ROOT).toString();
        Files.writeString(gpu.resolve("kustomization.yaml"), "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
                + "resources: [" + up + "/k8s/overlays/prod]\ncomponents: [" + up + "/k8s/components/gpu]\n");
        List<JsonNode> withGpu = render(gpu);
        assertThat(byKind(withGpu, "Deployment").stream().filter(d -> d.path("spec").path("template").path("spec").has("nodeSelector"))
                .map(d -> d.path("metadata").path("name").asText()).toList()).containsExactlyInAnyOrder("sampler", "attributor");
        out.put("prod+gpu", withGpu);
        return out;
    }

    private static List<JsonNode> render(Path kustomization) throws IOException {
        String yaml = DeployedServices.output(List.of(KUBECTL.toString(), "kustomize", kustomization.toString()));
        List<JsonNode> objects = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(yaml)) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && !n.isMissingNode() && !n.isNull()) {
                    objects.add(n);
                }
            }
        }
        assertThat(objects).as("objects rendered from %s", kustomization).isNotEmpty();
        return objects;
    }

    private static List<JsonNode> byKind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    }

    private static List<JsonNode> services(List<JsonNode> objects) {
        return byKind(objects, "Service");
    }

    private static List<JsonNode> workloads(List<JsonNode> objects) {
        return objects.stream().filter(o -> Set.of("Deployment", "StatefulSet").contains(o.path("kind").asText())).toList();
    }

    private static Map<String, String> configMap(List<JsonNode> objects) {
        JsonNode cm = objects.stream().filter(o -> o.path("kind").asText().equals("ConfigMap")
                && o.path("metadata").path("name").asText().equals("modewatch-settings")).findFirst().orElseThrow();
        Map<String, String> out = new TreeMap<>();
        cm.path("data").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** A plain label selector (key: value) matching these labels. */
    private static boolean matches(JsonNode selector, JsonNode labels) {
        JsonNode wanted = selector.has("matchLabels") ? selector.path("matchLabels") : selector;
        List<String> mismatched = new ArrayList<>();
        wanted.fields().forEachRemaining(e -> {
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText())) {
                mismatched.add(e.getKey());
            }
        });
        return wanted.size() > 0 && mismatched.isEmpty();
    }

    /** A LabelSelector with matchLabels and/or matchExpressions (operator In) matching these labels. */
    private static boolean selects(JsonNode selector, JsonNode labels) {
        boolean ok = !selector.has("matchLabels") || matches(selector, labels);
        for (JsonNode e : selector.path("matchExpressions")) {
            assertThat(e.path("operator").asText()).isEqualTo("In");
            ok &= toStrings(e.path("values")).contains(labels.path(e.path("key").asText()).asText());
        }
        return ok;
    }

    private static List<String> toStrings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    /**
     * Both models keep a field they do not know in an "additional properties" map instead of failing;
     * walks the bound object and fails on any such field, naming its path.
     */
    private static void assertNoUnknownField(Object bound, String what) {
        List<String> unknown = new ArrayList<>();
        walk(bound, "", unknown, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        assertThat(unknown).as("%s: fields its model does not know", what).isEmpty();
    }

    private static void walk(Object o, String path, List<String> unknown, Set<Object> seen) {
        if (o == null || !seen.add(o)) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                walk(e, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> walk(v, path + "." + k, unknown, seen));
            return;
        }
        String pkg = o.getClass().getPackageName();
        if (!pkg.startsWith("io.fabric8.") && !pkg.startsWith("io.strimzi.")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")
                    || m.getDeclaringClass() == Object.class || m.getReturnType().isPrimitive()) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(o);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            if (m.getName().equals("getAdditionalProperties") && value instanceof Map<?, ?> extra) {
                extra.keySet().forEach(k -> unknown.add(path + "." + k));
            } else {
                String field = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
                walk(value, path + "." + field, unknown, seen);
            }
        }
    }
}
