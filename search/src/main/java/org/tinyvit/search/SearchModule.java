package org.tinyvit.search;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;

/**
 * The parts a {@link Search} is assembled from, each replaceable by a user's module passed to
 * {@link Search#run(Search.Settings, com.google.inject.Module...)}: the {@link ProxyTrainer}
 * (default: a short sparse-kd run on the logit store), the {@link EvaluationBackend} (default:
 * in this process; {@link org.tinyvit.search.worker.WorkerPoolModule} trains in worker processes), the {@link Journal} (default: {@code journal.jsonl} in the output folder)
 * and the {@link SearchListener}s (default: a progress line on stderr; add more with a
 * {@code Multibinder}).
 */
public final class SearchModule extends AbstractModule {
    private final Search.Settings settings;

    public SearchModule(Search.Settings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        bind(Search.Settings.class).toInstance(settings);
        bind(EvaluationBackend.class).to(InProcessBackend.class);
        Multibinder.newSetBinder(binder(), SearchListener.class).addBinding().to(ProgressListener.class);
    }

    @Provides
    @Singleton
    ProxyTrainer proxyTrainer() {
        return new DistillationProxy(settings.data(), settings.store(), settings.proxy(), settings.device());
    }

    @Provides
    @Singleton
    Journal journal() {
        return Journal.open(settings.out(), settings.resume(), settings.trainedWith());
    }
}
