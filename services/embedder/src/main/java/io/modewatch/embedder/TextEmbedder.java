package io.modewatch.embedder;

import java.util.List;

/** The embedding model as the embedder sees it; an interface so the batch function is tested without ONNX. */
@FunctionalInterface
interface TextEmbedder {

    /** One L2-normalised vector per text, in order. */
    float[][] embed(List<String> texts);
}
