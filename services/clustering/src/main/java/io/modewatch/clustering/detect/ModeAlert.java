package io.modewatch.clustering.detect;

import java.util.List;

/**
 * A new continuation mode: one alert per family of new components.
 *
 * @param alertId            derived from scope, family and the family's first event only, so a replay raises the same id
 * @param componentId        the family's largest component
 * @param bornAt             the event of the family's earliest continuation
 * @param arrivalShare       the family's continuations over the scope's continuations since its first one
 * @param count              continuations assigned to the family
 * @param nearestReferenceId the known mode the lead component departs from
 * @param semanticDistance   squared L2 from that mode's semantic centroid
 * @param signatureDistance  L1 from that mode's signature centroid
 * @param semanticThreshold  the distance beyond which the semantic view counted as new
 * @param signatureThreshold the distance beyond which the signature view counted as new
 * @param exemplarIds        recent members, taken in turn from each component of the family
 * @param componentIds       every component of the mode (its family), the largest first
 */
public record ModeAlert(String alertId, String scope, int componentId, int parentId, long bornAt, long raisedAt,
                        NoveltyKind kind, double arrivalShare, long count, int nearestReferenceId, double semanticDistance,
                        double signatureDistance, double semanticThreshold, double signatureThreshold,
                        List<String> exemplarIds, List<Integer> componentIds) {
}
