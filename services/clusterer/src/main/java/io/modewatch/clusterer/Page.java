package io.modewatch.clusterer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One page of a query API list: {@code offset} items skipped, at most {@code limit} returned. */
record Page(int offset, int limit) {

    static final String OFFSET = "offset";
    static final String LIMIT = "limit";
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    static Page from(QueryParameters query) {
        int limit = query.integer(LIMIT, DEFAULT_LIMIT, MAX_LIMIT);
        if (limit == 0) {
            throw new ClusterQueryApi.BadRequest("query parameter 'limit' must be from 1 to " + MAX_LIMIT + ", not 0");
        }
        return new Page(query.integer(OFFSET, 0, Integer.MAX_VALUE), limit);
    }

    <T> List<T> of(List<T> all) {
        int from = Math.min(offset, all.size());
        return new ArrayList<>(all.subList(from, (int) Math.min(all.size(), (long) from + limit)));
    }

    /** The page after this one, when the list of {@code total} items goes on. */
    Optional<Page> next(int total) {
        return (long) offset + limit < total ? Optional.of(new Page(offset + limit, limit)) : Optional.empty();
    }
}
