package org.tinyvit.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyvit.data.DataSource;
import org.tinyvit.data.DataSplits;
import org.tinyvit.examples.PocketSpace;
import org.tinyvit.model.Families;
import org.tinyvit.model.StudentSpec;
import org.tinyvit.space.SearchSpace;
import org.tinyvit.space.SpaceReader;

/** A search is assembled from replaceable parts: a user's Guice module swaps one, and the search uses it. */
class SearchCompositionTest {
    @TempDir
    Path dir;

    /** A proxy that trains nothing: a fixed score per spec, and a record of what it was asked. */
    static final class CountingProxy implements ProxyTrainer {
        final Map<String, Double> asked = new ConcurrentHashMap<>();

        @Override
        public double accuracy(StudentSpec spec, ProxyRun run) {
            double score = (Math.floorMod(Families.deployed(spec).key().hashCode(), 1000)) / 1000.0;
            asked.put(Families.deployed(spec).key(), score);
            return score;
        }
    }

    @Test
    void aUsersModuleReplacesTheProxyAndTheSearchUsesIt() throws Exception {
        DataSplits data = DataSource.fashionMnist(null).withTrainSamples(100).splits();
        SearchSpace<PocketSpace> space = SpaceReader.read(PocketSpace.class);
        StudentSpec seed = Families.deployed(PocketSpace.seed().toSpec());
        Budget budget = Budget.of(Long.toString((long) (Families.params(seed) * 0.8)), Long.toString((long) (Families.macs(seed) * 0.8)));
        CountingProxy proxy = new CountingProxy();
        List<JournalEntry> heard = new ArrayList<>();
        Search.Settings settings = new Search.Settings(space, List.of(budget), new SearchSettings(2, 4, new ProxyRun(64, 1), 0, false, 3).ranking(Fitness.VAL_ACCURACY),
                ProxySettings.defaults(3), dir.resolve("no-store-is-read"), data, dir.resolve("search"), false);

        Search.Result result = Search.run(settings, binder -> binder.bind(ProxyTrainer.class).toInstance(proxy),
                binder -> com.google.inject.multibindings.Multibinder.newSetBinder(binder, SearchListener.class).addBinding()
                        .toInstance((entry, reused) -> heard.add(entry)));

        List<JournalEntry> journal = Journal.read(result.journalFile(), false);
        assertFalse(journal.isEmpty());
        assertEquals(proxy.asked.size(), journal.size(), "every journaled run came from the user's proxy");
        for (JournalEntry e : journal) {
            assertEquals(proxy.asked.get(e.key()), e.fitness(), 0.0, e.key());
        }
        assertEquals(journal, heard, "the user's listener heard every evaluation, in order");
        double best = journal.stream().filter(e -> e.role().equals(Candidate.CANDIDATE)).mapToDouble(JournalEntry::fitness).max().orElseThrow();
        assertEquals(best, result.members().get(0).best().fitness(), 0.0);
        assertTrue(Files.isRegularFile(result.familyFile()));
    }
}
