package io.modewatch.clustering.online;

import java.util.List;

/**
 * One structural move of a maintenance pass.
 *
 * @param componentId the component split, removed, dropped or born
 * @param related     children of a split, receivers of a removal, donors of a birth
 */
public record StructureChange(Kind kind, int componentId, List<Integer> related, long event) {

    public enum Kind { SPLIT, REMOVAL, DEAD, BIRTH }
}
