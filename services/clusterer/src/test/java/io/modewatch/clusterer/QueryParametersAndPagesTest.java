package io.modewatch.clusterer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modewatch.clustering.online.Origin;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class QueryParametersAndPagesTest {

    @Test
    void noQueryMeansTheFirstHundredFromEveryInstance() {
        QueryParameters q = QueryParameters.parse(null);
        assertThat(q.localOnly()).isFalse();
        assertThat(Page.from(q)).isEqualTo(new Page(0, 100));
        assertThat(Page.from(QueryParameters.parse(""))).isEqualTo(new Page(0, 100));
    }

    @Test
    void anUndeclaredParameterIsRefusedWithTheListOfDeclaredOnes() {
        assertThatThrownBy(() -> QueryParameters.parse("limt=5")).isInstanceOf(ClusterQueryApi.BadRequest.class)
                .hasMessageContaining("'limt'").hasMessageContaining("local, offset, limit");
        assertThatThrownBy(() -> QueryParameters.parse("limit=5&limit=6")).hasMessageContaining("more than once");
        assertThatThrownBy(() -> QueryParameters.parse("local=yes")).hasMessageContaining("true or false");
    }

    @Test
    void limitsAndOffsetsOutOfRangeAreRefused() {
        for (String bad : List.of("limit=0", "limit=1001", "limit=-1", "limit=ten", "offset=-3", "offset=1e3", "limit=")) {
            assertThatThrownBy(() -> Page.from(QueryParameters.parse(bad))).as(bad)
                    .isInstanceOf(ClusterQueryApi.BadRequest.class).hasMessageContaining("query parameter");
        }
        assertThat(Page.from(QueryParameters.parse("limit=1000&offset=2147483647"))).isEqualTo(new Page(Integer.MAX_VALUE, 1000));
    }

    @Test
    void pagesFollowedByTheirNextLinksCoverTheListOnceInOrder() {
        for (int total : new int[] {0, 1, 9, 10, 11, 250}) {
            List<Integer> all = IntStream.range(0, total).boxed().toList();
            for (int limit : new int[] {1, 3, 10, 1000}) {
                List<Integer> seen = new ArrayList<>();
                Page page = new Page(0, limit);
                int pages = 0;
                while (page != null) {
                    seen.addAll(page.of(all));
                    page = page.next(total).orElse(null);
                    pages++;
                }
                assertThat(seen).as("total %d, limit %d", total, limit).isEqualTo(all);
                assertThat(pages).isEqualTo(Math.max(1, (total + limit - 1) / limit));
            }
        }
        assertThat(new Page(500, 10).of(List.of(1, 2))).isEmpty();
        assertThat(new Page(Integer.MAX_VALUE, 1000).next(5)).isEmpty();
    }

    @Test
    void theNextPageKeepsTheOtherParametersInAFixedOrder() {
        QueryParameters q = QueryParameters.parse("limit=5&local=true");
        assertThat(q.with("offset", "10")).isEqualTo("local=true&offset=10&limit=5");
        assertThat(QueryParameters.parse("offset=3").with("local", "true")).isEqualTo("local=true&offset=3");
    }

    @Test
    void theOpenApiDescriptionDescribesWhatTheHandlerServes() throws IOException {
        JsonNode doc;
        try (var in = ClusterQueryApi.class.getResourceAsStream(ClusterQueryApi.OPENAPI)) {
            doc = new ObjectMapper().readTree(in);
        }
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        List<String> paths = new ArrayList<>();
        doc.path("paths").fieldNames().forEachRemaining(paths::add);
        List<String> expected = new ArrayList<>(List.of("/scopes", "/openapi.json"));
        ClusterQueryApi.RESOURCES.forEach(r -> expected.add("/scopes/{scope}/" + r));
        assertThat(paths).containsExactlyInAnyOrderElementsOf(expected);
        JsonNode parameters = doc.path("components").path("parameters");
        for (String path : paths) {
            if (path.equals("/openapi.json")) {
                continue;
            }
            TreeSet<String> query = new TreeSet<>();
            for (JsonNode ref : doc.path("paths").path(path).path("get").path("parameters")) {
                JsonNode p = parameters.path(ref.path("$ref").asText().replace("#/components/parameters/", ""));
                if (p.path("in").asText().equals("query")) {
                    query.add(p.path("name").asText());
                }
            }
            assertThat(query).as(path).containsExactlyInAnyOrderElementsOf(QueryParameters.NAMES);
        }
        assertThat(parameters.path("limit").path("schema").path("maximum").asInt()).isEqualTo(Page.MAX_LIMIT);
        assertThat(parameters.path("limit").path("schema").path("default").asInt()).isEqualTo(Page.DEFAULT_LIMIT);
        List<String> origins = new ArrayList<>();
        doc.path("components").path("schemas").path("Cluster").path("properties").path("origin").path("enum")
                .forEach(n -> origins.add(n.asText()));
        assertThat(origins).isEqualTo(Arrays.stream(Origin.values()).map(Enum::name).toList());
    }
}
