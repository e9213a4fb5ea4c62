package io.modewatch.clustering.detect;

/** A component as it was when the scope's baseline was taken. */
public record ReferenceMode(int id, double share, double varE, double varA, float[] semantic, float[] signature) {
}
