package io.modewatch.sampler;

import static org.assertj.core.api.Assertions.assertThat;

import io.modewatch.schema.PromptEvent;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScopeAndRedactionTest {

    private static PromptEvent event(String scope, String route, Map<String, String> attributes) {
        return PromptEvent.newBuilder().setPromptId("p").setPrompt("hi").setScope(scope).setModelRoute(route)
                .setTimestamp(Instant.EPOCH).setAttributes(attributes).build();
    }

    @Test
    void theScopeIsTheEventsThenTheScopeAttributeThenTheRouteThenTheDefault() {
        ScopeRule rule = new ScopeRule("template_id", "unscoped");
        assertThat(rule.scopeOf(event("faq", "chat", Map.of("template_id", "t1")))).isEqualTo("faq");
        assertThat(rule.scopeOf(event(" ", "chat", Map.of("template_id", "t1")))).isEqualTo("t1");
        assertThat(rule.scopeOf(event(null, "chat", Map.of()))).isEqualTo("chat");
        assertThat(rule.scopeOf(event(null, null, Map.of()))).isEqualTo("unscoped");
        assertThat(new ScopeRule("", "unscoped").scopeOf(event(null, null, Map.of("template_id", "t1"))))
                .as("an empty attribute name turns that step off").isEqualTo("unscoped");
    }
}
