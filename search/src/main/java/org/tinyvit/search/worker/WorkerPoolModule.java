package org.tinyvit.search.worker;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import org.tinyvit.search.EvaluationBackend;
import org.tinyvit.search.Search;

/**
 * Makes a {@link Search} train its candidates in a {@link WorkerPoolBackend} instead of in this
 * process. The workers load the data from the settings' data source, so the search settings
 * must name it ({@link Search.Settings#withSource}).
 *
 * <pre>{@code
 * Search.run(settings.withSource(source), new WorkerPoolModule(WorkerPoolBackend.Settings.of(2).withThreads(1)));
 * }</pre>
 */
public final class WorkerPoolModule extends AbstractModule {
    private final WorkerPoolBackend.Settings pool;

    public WorkerPoolModule(WorkerPoolBackend.Settings pool) {
        this.pool = pool;
    }

    @Provides
    @Singleton
    EvaluationBackend pool(Search.Settings search) {
        return new WorkerPoolBackend(pool, search.workerSource(), search.store(), search.proxy());
    }
}
