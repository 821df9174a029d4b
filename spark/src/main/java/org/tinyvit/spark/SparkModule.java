package org.tinyvit.spark;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import org.tinyvit.search.EvaluationBackend;
import org.tinyvit.search.Search;

/**
 * Makes a {@link Search} train its candidates in Spark tasks ({@link SparkBackend}) instead of in
 * this process. The tasks' workers load the data from the settings' data source, so the search
 * settings must name it ({@link Search.Settings#withSource}), and it and the logit store must be
 * at the same path on every machine of the cluster.
 *
 * <pre>{@code
 * Search.run(settings.withSource(source), new SparkModule(SparkBackend.Settings.of("spark://host:7077")));
 * }</pre>
 */
public final class SparkModule extends AbstractModule {
    private final SparkBackend.Settings spark;

    public SparkModule(SparkBackend.Settings spark) {
        this.spark = spark;
    }

    @Provides
    @Singleton
    EvaluationBackend spark(Search.Settings search) {
        return new SparkBackend(spark, search.workerSource(), search.store(), search.proxy());
    }
}
