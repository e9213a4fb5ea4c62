package io.modewatch.sampler;

import io.modewatch.schema.PromptEvent;

/**
 * The scope of a prompt, first that is present and not blank: the event's own {@code scope}; the
 * attribute named {@code scopeAttribute} (a gateway's template id, say); the event's
 * {@code model_route}; otherwise {@code fallback}. Documented in docs/services.md.
 */
record ScopeRule(String scopeAttribute, String fallback) {

    String scopeOf(PromptEvent event) {
        if (present(event.getScope())) {
            return event.getScope().trim();
        }
        if (!scopeAttribute.isEmpty() && event.getAttributes() != null) {
            String fromAttribute = event.getAttributes().get(scopeAttribute);
            if (present(fromAttribute)) {
                return fromAttribute.trim();
            }
        }
        if (present(event.getModelRoute())) {
            return event.getModelRoute().trim();
        }
        return fallback;
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}
