package io.modewatch.clustering.detect;

/**
 * An established mode that faded.
 *
 * @param eventId derived from scope and component id, so a replay reports the same id
 */
public record ModeVanished(String eventId, String scope, int componentId, long atEvent, double lastWindowShare) {
}
