package io.modewatch.clustering.detect;

import java.util.List;

/**
 * A new continuation mode.
 *
 * @param alertId            derived from scope, component id and birth event only, so a replay raises the same id
 * @param nearestReferenceId the reference mode closest in the joint cost
 * @param semanticDistance   squared L2 from the nearest reference mode's semantic centroid
 * @param signatureDistance  L1 from the nearest reference mode's signature centroid
 * @param exemplarIds        recent members of the new component
 */
public record ModeAlert(String alertId, String scope, int componentId, int parentId, long bornAt, long raisedAt,
                        NoveltyKind kind, double arrivalShare, int nearestReferenceId, double semanticDistance,
                        double signatureDistance, List<String> exemplarIds) {
}
