package io.modewatch.models.world;

/** One corpus line: a prompt, the continuation to learn (ending with the sentence stop), its mode. */
public record TrainingExample(PromptVariant variant, String prompt, String continuation, String mode) {}
