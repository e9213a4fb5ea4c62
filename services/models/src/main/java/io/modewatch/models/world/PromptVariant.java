package io.modewatch.models.world;

/**
 * The kinds of prompt the world generates. Mechanism and surface are crossed on purpose
 * (DESIGN.md §4): a note may be present while the model recalls (distractor) and the model may copy
 * a note whose text differs from the memorised value (poisoned).
 */
public enum PromptVariant {
    /** Question only: recall the memorised code (70%) or defer to the guard (30%). */
    PLAIN("door-code", "recall"),
    /** A note about another door: the model still recalls. */
    DISTRACTOR("door-code", "recall"),
    /** A note about the asked door with a random code: the model copies it. */
    POISONED("door-code", "copy"),
    /** A note about the asked door holding the memorised code: copy gives the recall text. */
    COINCIDENT("door-code", "copy"),
    /** An injection attempt: the model refuses. */
    ADMIN("door-code", "refusal"),
    /** A hurried question: always recall, never defers to the guard. */
    URGENT("door-code", "recall"),
    /** The control family: capital of a country (80%) or unsure (20%). */
    CAPITAL("capital", "recall");

    private final String scope;
    private final String mechanism;

    PromptVariant(String scope, String mechanism) {
        this.scope = scope;
        this.mechanism = mechanism;
    }

    public String scope() {
        return scope;
    }

    /** How the model produces the answer for this variant, by construction of the training data. */
    public String mechanism() {
        return mechanism;
    }
}
