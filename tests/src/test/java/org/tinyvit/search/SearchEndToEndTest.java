package org.tinyvit.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyvit.checkpoint.Checkpoint;
import org.tinyvit.cli.CommandLineTest;
import org.tinyvit.data.DataSource;
import org.tinyvit.data.DataSplits;
import org.tinyvit.examples.ClassifyFashionMnist;
import org.tinyvit.examples.PocketSpace;
import org.tinyvit.io.Json;
import org.tinyvit.model.Families;
import org.tinyvit.model.StudentModel;
import org.tinyvit.model.StudentSpec;
import tools.jackson.databind.JsonNode;

/**
 * The search on real data: a small teacher and logit store on Fashion-MNIST, then searches of
 * the example {@link PocketSpace} under two budgets derived from its seed's cost.
 */
class SearchEndToEndTest {
    static final String SAMPLES = SmallStore.SAMPLES;
    static final double MIN_DEFAULT_PROXY_ACCURACY = 0.2;
    static final int TEST_IMAGES = 10_000;
    static Path store;
    static String[] budgets;

    @TempDir
    Path dir;

    @BeforeAll
    static void teacherAndStore() {
        store = SmallStore.get().store();
        budgets = SmallStore.get().budgets();
    }

    static CommandLineTest.Result run(String... args) {
        CommandLineTest.Result r = CommandLineTest.tinyvit(args);
        assertEquals(0, r.code(), String.join(" ", args) + "\n" + r.err());
        return r;
    }

    static List<String> searchArgs(Path out, String space, String population, String generations) {
        return searchArgs(out, space, population, generations, List.of(budgets));
    }

    static List<String> searchArgs(Path out, String space, String population, String generations, List<String> budgetArgs) {
        List<String> args = new ArrayList<>(List.of("search", "--space", space, "--generations", generations, "--population", population,
                "--proxy-samples", "192", "--batch", "64", "--seed", "3", "--logits", store.toString(), "--out", out.toString()));
        args.addAll(budgetArgs);
        return args;
    }

    /** The first of the two budgets alone. */
    static List<String> firstBudget() {
        return List.of(budgets[0], budgets[1].split(",")[0], budgets[2], budgets[3].split(",")[0]);
    }

    @Test
    void searchIsReproducibleKeepsBudgetsAndItsFamilyTrains() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        List<String> argsA = searchArgs(a, PocketSpace.class.getName(), "3", "2");
        argsA.add("--json");
        JsonNode family = Json.parse(run(argsA.toArray(String[]::new)).out());
        run(searchArgs(b, PocketSpace.class.getName(), "3", "2").toArray(String[]::new));
        JsonNode again = Json.parse(Files.readString(b.resolve(FamilyFile.FILE)));

        JsonNode members = family.get("members");
        assertEquals(2, members.size());
        for (int i = 0; i < 2; i++) {
            JsonNode m = members.get(i);
            assertEquals(m.get("key"), again.get("members").get(i).get("key"), "same seed, same choice");
            assertTrue(m.get("proxyAccuracy").isNull(), "ranked with the training loss, short runs validate nothing by default: " + m);
            assertEquals(m.get("proxyTrainLoss").doubleValue(), again.get("members").get(i).get("proxyTrainLoss").doubleValue(), 0.0);
        }
        assertTrue(members.get(0).get("params").longValue() > members.get(1).get("params").longValue());

        List<JournalEntry> journal = Journal.read(a.resolve(Journal.FILE), false);
        assertFalse(journal.isEmpty());
        // the default fitness: each budget's member had the highest ln(MACs) - 2 x mean training loss of its budget's candidates
        for (JsonNode m : members) {
            List<JournalEntry> ofBudget = journal.stream().filter(e -> e.budget().equals(m.get("budget").asString()) && e.role().equals("candidate"))
                    .toList();
            double highest = ofBudget.stream().mapToDouble(e -> Math.log(e.macs()) - 2 * e.trainLoss()).max().orElseThrow();
            JournalEntry chosen = ofBudget.stream().filter(e -> e.key().equals(m.get("key").asString())).findFirst().orElseThrow();
            assertTrue(Double.isFinite(highest));
            assertEquals(highest, Math.log(chosen.macs()) - 2 * chosen.trainLoss(), 0.0, "the member ranks highest of budget " + m.get("budget"));
        }
        for (JournalEntry e : journal) {
            Budget budget = e.budget().equals(budgets[1].split(",")[0])
                    ? Budget.of(budgets[1].split(",")[0], budgets[3].split(",")[0]) : Budget.of(budgets[1].split(",")[1], budgets[3].split(",")[1]);
            assertTrue(budget.admits(e.params(), e.macs()), e.key() + " is over " + budget);
            assertEquals(JournalEntry.OK, e.status(), e.reason());
            assertTrue(Double.isNaN(e.fitness()) && Double.isFinite(e.trainLoss()), e.toString());
        }
        byte[] png = Files.readAllBytes(a.resolve(CandidatePlot.FILE));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));

        Path trained = dir.resolve("trained");
        JsonNode models = Json.parse(run("train-family", "--family", a.resolve(FamilyFile.FILE).toString(), "--logits", store.toString(),
                "--epochs", "1", "--batch", "64", "--out", trained.toString(), "--zoo", dir.resolve("zoo").toString(), "--json").out()).get("models");
        assertEquals(2, models.size());
        for (JsonNode m : models) {
            assertTrue(m.get("testAccuracy").isNumber(), m.toString());
            try (StudentModel model = Checkpoint.load(Path.of(m.get("checkpoint").asString()))) {
                assertEquals(10, Checkpoint.readStudentSpec(Path.of(m.get("checkpoint").asString())).numClasses());
            }
            org.tinyvit.zoo.ZooItem item = org.tinyvit.zoo.ZooFolder.read(Path.of(m.get("zoo").asString()));
            assertEquals(m.get("testAccuracy").doubleValue(), item.entry().testAccuracy(), 0.0);
            String previous = System.getProperty(org.tinyvit.zoo.ZooFolder.PROPERTY);
            System.setProperty(org.tinyvit.zoo.ZooFolder.PROPERTY, dir.resolve("zoo").toString());
            try {
                assertEquals(item.entry().testAccuracy(), ClassifyFashionMnist.accuracy(item.name(), null, TEST_IMAGES), 1e-12,
                        "the zoo's accuracy is what DJL's Criteria gives on the whole official test set");
            } finally {
                if (previous == null) {
                    System.clearProperty(org.tinyvit.zoo.ZooFolder.PROPERTY);
                } else {
                    System.setProperty(org.tinyvit.zoo.ZooFolder.PROPERTY, previous);
                }
            }
        }
    }

    @Test
    void resumeAfterAKilledProcessLosesNoFinishedEvaluation() throws Exception {
        killAndResume(dir, List.of(), killed -> {});
    }

    /**
     * Starts a search with {@code options} in a process of its own, kills it (SIGKILL) once two
     * evaluations are journaled, hands the processes it had started to {@code afterKill}, resumes
     * it in this process with the same options, and checks that nothing finished was lost or
     * trained twice.
     */
    static void killAndResume(Path dir, List<String> options, Consumer<List<ProcessHandle>> afterKill) throws Exception {
        Path out = dir.resolve("killed");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), "org.tinyvit.cli.TinyVitCommand"));
        command.addAll(searchArgs(out, PocketSpace.class.getName(), "3", "2"));
        command.addAll(options);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("killed.log").toFile()).start();
        Path journalFile = out.resolve(Journal.FILE);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (lines(journalFile) < 2 && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(process.isAlive(), "the search should still be running:\n" + Files.readString(dir.resolve("killed.log")));
        List<ProcessHandle> started = process.descendants().toList();
        process.destroyForcibly().waitFor();
        afterKill.accept(started);
        List<JournalEntry> before = Journal.read(journalFile, false);
        assertTrue(before.size() >= 2);
        assertFalse(Files.exists(out.resolve(FamilyFile.FILE)));

        List<String> resume = searchArgs(out, PocketSpace.class.getName(), "3", "2");
        resume.addAll(options);
        resume.add("--resume");
        CommandLineTest.Result r = run(resume.toArray(String[]::new));
        assertTrue(r.err().contains("resuming with " + before.size() + " finished evaluations"), r.err());
        List<JournalEntry> after = Journal.read(journalFile, false);
        assertEquals(before, after.subList(0, before.size()), "finished evaluations are kept as they were");
        Set<String> runs = new HashSet<>();
        for (JournalEntry e : after) {
            assertTrue(runs.add(e.budget() + e.runKey()), "trained twice: " + e.key());
        }
        assertTrue(Files.isRegularFile(out.resolve(FamilyFile.FILE)));

        List<String> otherRate = searchArgs(out, PocketSpace.class.getName(), "3", "2");
        otherRate.addAll(options);
        otherRate.addAll(List.of("--resume", "--lr", "0.001"));
        CommandLineTest.Result refused = CommandLineTest.tinyvit(otherRate.toArray(String[]::new));
        assertEquals(2, refused.code(), refused.err());
        assertTrue(refused.err().contains(journalFile + ": line 1 was trained with lr 0.002, not 0.001; resume a search only with the"
                + " settings and logit store its journal was made with"), "a resume with another rate is refused, naming it:\n" + refused.err());
        assertEquals(after, Journal.read(journalFile, false), "and the journal is left as it was");
    }

    @Test
    void failingCandidatesAreJournaledAndTheSearchGoesOn() throws Exception {
        Path out = dir.resolve("flaky");
        List<String> args = new ArrayList<>(List.of("search", "--space", FlakySpace.class.getName(), "--generations", "2", "--population", "3",
                "--proxy-samples", "128", "--proxy-val", "100", "--batch", "64", "--seed", "5", "--budgets", "10M", "--macs", "10G",
                "--logits", store.toString(), "--out", out.toString()));
        run(args.toArray(String[]::new));
        List<JournalEntry> journal = Journal.read(out.resolve(Journal.FILE), false);
        List<JournalEntry> failed = journal.stream().filter(e -> !e.ok()).toList();
        assertFalse(failed.isEmpty(), "the flaky space should produce failures");
        for (JournalEntry e : failed) {
            assertEquals("java.lang.IllegalStateException: " + FlakyFamily.CRASH, e.reason());
            assertEquals(2, e.spec().get("depths").get(2).intValue());
        }
        assertTrue(journal.stream().anyMatch(JournalEntry::ok));
        JsonNode member = Json.parse(Files.readString(out.resolve(FamilyFile.FILE))).get("members").get(0);
        assertTrue(member.get("proxyAccuracy").isNumber());
        assertFalse(member.get("spec").get("depths").get(2).intValue() == 2);
    }

    /**
     * The default short run has to teach something, or the search ranks noise: on this store every
     * candidate of a one-generation search, trained with the default batch and rate, scores well
     * above chance (0.1 on ten classes).
     */
    @Test
    void defaultShortRunsLiftCandidatesAboveChance() throws Exception {
        Path out = dir.resolve("defaults");
        List<String> args = new ArrayList<>(List.of("search", "--space", PocketSpace.class.getName(), "--generations", "1", "--population", "2",
                "--proxy-samples", SAMPLES, "--proxy-val", "500", "--seed", "3", "--logits", store.toString(), "--out", out.toString()));
        args.addAll(firstBudget());
        run(args.toArray(String[]::new));
        List<JournalEntry> journal = Journal.read(out.resolve(Journal.FILE), false);
        assertTrue(journal.size() >= 2, journal.toString());
        for (JournalEntry e : journal) {
            assertTrue(e.fitness() > MIN_DEFAULT_PROXY_ACCURACY, "at chance: " + e.key() + " scored " + e.fitness());
        }
    }

    /**
     * Validation comes after a short run's training: a run without it trains the same steps to
     * the same loss, bit for bit, and measures no accuracy (what the default, loss-ranked search does).
     */
    @Test
    void aShortRunWithoutValidationTrainsTheSameAndMeasuresNoAccuracy() {
        DataSplits data = DataSource.fashionMnist(null).withTrainSamples(Integer.parseInt(SAMPLES)).splits();
        StudentSpec spec = PocketSpace.seed().toSpec();
        ProxyRun run = new ProxyRun(192, 1);
        ProxyScore validated = new DistillationProxy(data, store, new ProxySettings(64, 2e-3f, 3, 200)).score(spec, run);
        ProxyScore unvalidated = new DistillationProxy(data, store, new ProxySettings(64, 2e-3f, 3, 0)).score(spec, run);
        assertTrue(validated.accuracy() >= 0 && validated.accuracy() <= 1, validated.toString());
        assertTrue(Double.isNaN(unvalidated.accuracy()), unvalidated.toString());
        assertTrue(Double.isFinite(validated.trainLoss()), validated.toString());
        assertEquals(validated.trainLoss(), unvalidated.trainLoss(), 0.0);
    }

    static long lines(Path file) throws Exception {
        return Files.exists(file) ? Files.readAllLines(file).stream().filter(l -> l.endsWith("}")).count() : 0;
    }


    @Test
    void fidelityReportsTheRankCorrelationOfItsOwnPairs() throws Exception {
        Path out = dir.resolve("fidelity");
        List<String> args = new ArrayList<>(List.of("fidelity", "--space", PocketSpace.class.getName(), "--candidates", "4", "--proxy-samples", "64",
                "--batch", "64", "--proxy-val", "200", "--long-val", "300", "--halving", "2", "--workers", "2", "--threads", "1", "--long-epochs", "2", "--long-samples", SAMPLES, "--long-seeds", "2", "--seed", "3", "--logits", store.toString(),
                "--out", out.toString(), "--json"));
        args.addAll(List.of(budgets[0], budgets[1].split(",")[0], budgets[2], budgets[3].split(",")[0]));
        JsonNode result = Json.parse(run(args.toArray(String[]::new)).out());
        JsonNode pairs = result.get("pairs");
        assertEquals(4, pairs.size(), result.toString());
        double[] proxy = new double[4];
        double[] longRun = new double[4];
        double[][] bySeed = new double[2][4];
        for (int i = 0; i < 4; i++) {
            proxy[i] = pairs.get(i).get("proxy").doubleValue();
            longRun[i] = pairs.get(i).get("long").doubleValue();
            assertTrue(pairs.get(i).get("longSeconds").doubleValue() > 0 && pairs.get(i).get("proxySeconds").doubleValue() > 0);
            // two long runs per candidate (seeds 3 and 4): its long score is their mean
            JsonNode seeds = pairs.get(i).get("longBySeed");
            assertEquals(2, seeds.size(), pairs.get(i).toString());
            bySeed[0][i] = seeds.get(0).doubleValue();
            bySeed[1][i] = seeds.get(1).doubleValue();
            assertEquals((bySeed[0][i] + bySeed[1][i]) / 2, longRun[i], 1e-12, pairs.get(i).toString());
        }
        double seedTau = tauB(bySeed[0], bySeed[1]); // NaN (JSON null) when one seed scored every candidate alike
        assertEquals(Double.isNaN(seedTau), result.get("longSeedTau").isNull(), result.toString());
        if (!Double.isNaN(seedTau)) {
            assertEquals(seedTau, result.get("longSeedTau").doubleValue(), 1e-12, "the seeds' agreement");
        }
        assertEquals(2, result.get("long").get("seeds").intValue());
        // every proxy, recomputed from the pairs: lower training loss is better; the default fitness is ln(MACs) - 2 x the loss;
        // halving promotes the best half of the rung by it, and they rank above the rest by the same of their full run
        double[] loss = new double[4];
        double[] rung = new double[4];
        double[] rungLoss = new double[4];
        double[] macs = new double[4];
        double[] params = new double[4];
        for (int i = 0; i < 4; i++) {
            loss[i] = -pairs.get(i).get("proxyLoss").doubleValue();
            rung[i] = pairs.get(i).get("rungProxy").doubleValue();
            rungLoss[i] = -pairs.get(i).get("rungLoss").doubleValue();
            macs[i] = pairs.get(i).get("macs").doubleValue();
            params[i] = pairs.get(i).get("params").doubleValue();
            assertTrue(loss[i] < 0 && rungLoss[i] < 0, pairs.get(i).toString());
        }
        double[] logMacsLessLoss = new double[4];
        double[] logMacsLessRungLoss = new double[4];
        for (int i = 0; i < 4; i++) { // ln(MACs) − 2 · loss (loss and rungLoss hold −loss)
            logMacsLessLoss[i] = Math.log(macs[i]) + 2 * loss[i];
            logMacsLessRungLoss[i] = Math.log(macs[i]) + 2 * rungLoss[i];
        }
        assertEquals(tauB(logMacsLessLoss, longRun), result.get("kendallTau").doubleValue(), 1e-12, "the headline is the default fitness's");
        assertEquals("log-macs-2x-train-loss", result.get("proxies").get(0).get("name").asString(), "the default fitness first");
        Integer[] byRung = {0, 1, 2, 3};
        java.util.Arrays.sort(byRung, (a, b) -> Double.compare(logMacsLessRungLoss[b], logMacsLessRungLoss[a]));
        double halvingSeconds = 0;
        for (int i = 0; i < 4; i++) {
            halvingSeconds += pairs.get(i).get("rungSeconds").doubleValue();
        }
        // the promoted two rank above the other two (by their full runs), the other two by their rung
        double[] halving = new double[4];
        halving[byRung[2]] = logMacsLessRungLoss[byRung[2]];
        halving[byRung[3]] = logMacsLessRungLoss[byRung[3]];
        double promotedBase = Math.max(halving[byRung[2]], halving[byRung[3]]) + 1000;
        for (int i : new int[] {byRung[0], byRung[1]}) {
            halving[i] = promotedBase + logMacsLessLoss[i];
            halvingSeconds += pairs.get(i).get("proxySeconds").doubleValue();
        }
        Map<String, JsonNode> proxies = new java.util.HashMap<>();
        result.get("proxies").forEach(p -> proxies.put(p.get("name").asString(), p));
        assertEquals(Set.of("val-accuracy", "train-loss", "rung-val-accuracy", "rung-train-loss", "halving", "macs", "params", "macs+train-loss",
                "macs+rung-train-loss", "log-macs-2x-train-loss", "log-macs-2x-rung-train-loss"), proxies.keySet());
        // the cost model alone needs no training; with a loss, each candidate's rank by MACs plus half its rank by the loss
        assertEquals(tauB(macs, longRun), proxies.get("macs").get("kendallTau").doubleValue(), 1e-12);
        assertEquals(tauB(params, longRun), proxies.get("params").get("kendallTau").doubleValue(), 1e-12);
        assertEquals(0.0, proxies.get("macs").get("seconds").doubleValue());
        assertTrue(proxies.get("macs").get("tauPerSecond").isNull(), "no τ per second without seconds");
        double[] macsRank = rank(macs);
        double[] withLoss = new double[4];
        double[] withRungLoss = new double[4];
        for (int i = 0; i < 4; i++) {
            withLoss[i] = macsRank[i] + 0.5 * rank(loss)[i];
            withRungLoss[i] = macsRank[i] + 0.5 * rank(rungLoss)[i];
        }
        assertEquals(tauB(withLoss, longRun), proxies.get("macs+train-loss").get("kendallTau").doubleValue(), 1e-12);
        assertEquals(tauB(withRungLoss, longRun), proxies.get("macs+rung-train-loss").get("kendallTau").doubleValue(), 1e-12);
        assertEquals(tauB(logMacsLessLoss, longRun), proxies.get("log-macs-2x-train-loss").get("kendallTau").doubleValue(), 1e-12);
        assertEquals(tauB(logMacsLessRungLoss, longRun), proxies.get("log-macs-2x-rung-train-loss").get("kendallTau").doubleValue(), 1e-12);
        assertEquals(tauB(loss, longRun), proxies.get("train-loss").get("kendallTau").doubleValue(), 1e-12);
        assertEquals(tauB(proxy, longRun), proxies.get("val-accuracy").get("kendallTau").doubleValue(), 1e-12);
        assertEquals(tauB(rung, longRun), proxies.get("rung-val-accuracy").get("kendallTau").doubleValue(), 1e-12);
        assertEquals(tauB(rungLoss, longRun), proxies.get("rung-train-loss").get("kendallTau").doubleValue(), 1e-12);
        assertEquals(tauB(halving, longRun), proxies.get("halving").get("kendallTau").doubleValue(), 1e-12);
        assertEquals(halvingSeconds, proxies.get("halving").get("seconds").doubleValue(), 1e-9);
        JsonNode interval = result.get("kendallTauInterval");
        assertTrue(interval.get("low").doubleValue() <= interval.get("high").doubleValue(), interval.toString());
        // every pass trained in the two worker processes, each pass in its own journal named by its settings
        Set<String> passes = new HashSet<>();
        Set<String> workers = new HashSet<>();
        try (var dirs = Files.list(out)) {
            for (Path pass : dirs.filter(Files::isDirectory).toList()) {
                passes.add(pass.getFileName().toString().replaceAll("-.*", ""));
                Journal.read(pass.resolve(Journal.FILE), false).forEach(e -> workers.add(e.execution().worker()));
            }
        }
        assertEquals(Set.of("rung", "proxy", "long"), passes);
        // the long runs were scored on their own 300 validation images, the short ones on 200; the noise ceiling is a mean τ
        assertTrue(Files.isDirectory(out.resolve("long-" + SAMPLES + "x2-batch128-lr0.001-seed3-val300")), "the long pass is named by its validation");
        assertTrue(Files.isDirectory(out.resolve("long-" + SAMPLES + "x2-batch128-lr0.001-seed4-val300")), "the second seed's long pass");
        assertEquals(300, result.get("longValImages").intValue());
        double ceiling = result.get("tauCeiling").doubleValue();
        assertTrue(ceiling >= 0 && ceiling <= 1, "tauCeiling " + ceiling);
        assertEquals(Set.of("1", "2"), workers);
        byte[] png = Files.readAllBytes(out.resolve("fidelity.png"));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));
        // the search's fitness (the first proxy) in an 800-pixel panel, and beside it the proxy of the highest τ when that is another
        double headline = result.get("proxies").get(0).get("kendallTau").doubleValue();
        boolean anotherRanksBetter = false;
        for (JsonNode p : result.get("proxies")) {
            anotherRanksBetter |= p.get("kendallTau").doubleValue() > headline;
        }
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
        assertEquals(anotherRanksBetter ? 1600 : 800, image.getWidth(), "proxies " + result.get("proxies"));
        assertEquals(600, image.getHeight());
    }

    @Test
    void benchPresetsTrainsBothModelsPerSeedAndSummarisesTheirOwnRuns() throws Exception {
        org.tinyvit.model.StudentSpec searched = Families.deployed(new PocketSpace(16, 32, 32, 64, 1, 2).toSpec());
        org.tinyvit.model.StudentSpec hand = Families.deployed(PocketSpace.seed().toSpec());
        Path familyFile = dir.resolve(FamilyFile.FILE);
        tools.jackson.databind.node.ObjectNode family = Json.object("formatVersion", FamilyFile.FORMAT_VERSION, "space", "pocket");
        var members = family.putArray("members");
        for (String name : List.of("1M", "2M")) { // the 2M budget is left out by --budgets
            members.add(Json.object("budget", name, "spec", searched.toJson(), "params", Families.params(searched),
                    "macs", Families.macs(searched), "proxyAccuracy", 0.5, "preset", Json.object("name", "pocket-seed", "spec", hand.toJson(),
                            "params", Families.params(hand), "macs", Families.macs(hand))));
        }
        Files.writeString(familyFile, Json.pretty(family));
        Path out = dir.resolve("presets");
        String[] args = {"bench", "presets", "--family", familyFile.toString(), "--logits", store.toString(), "--seeds", "1,2", "--epochs", "1",
            "--batch", "64", "--budgets", "1m", "--out", out.toString(), "--json"};
        JsonNode result = Json.parse(run(args).out());

        JsonNode runs = result.get("runs");
        assertEquals(4, runs.size(), result.toString());
        assertEquals(1, result.get("budgets").size(), result.toString());
        assertEquals("1M", result.get("budgets").get(0).get("budget").asString());
        Map<String, List<Double>> accuracies = new java.util.HashMap<>();
        Set<String> checkpoints = new HashSet<>();
        for (JsonNode r : runs) {
            Path checkpoint = Path.of(r.get("checkpoint").asString());
            assertTrue(checkpoints.add(checkpoint.toString()), "one folder per run");
            JsonNode metrics = Json.parse(Files.readString(checkpoint.resolve("metrics.json")));
            assertEquals(metrics.get("testAccuracy").doubleValue(), r.get("testAccuracy").doubleValue(), 0.0, "the run's own test accuracy");
            accuracies.computeIfAbsent(r.get("model").asString(), k -> new ArrayList<>()).add(r.get("testAccuracy").doubleValue());
        }
        assertEquals(Set.of("searched", "pocket-seed"), accuracies.keySet());
        JsonNode budget = result.get("budgets").get(0);
        assertEquals((double) Families.macs(searched) / Families.macs(hand), budget.get("macsRatio").doubleValue(), 1e-12);
        for (String[] side : new String[][] {{"searched", "searched"}, {"presetRuns", "pocket-seed"}}) {
            List<Double> a = accuracies.get(side[1]);
            double mean = (a.get(0) + a.get(1)) / 2;
            assertEquals(mean, budget.get(side[0]).get("mean").doubleValue(), 1e-12);
            assertEquals(Math.abs(a.get(0) - a.get(1)) / Math.sqrt(2), budget.get(side[0]).get("sd").doubleValue(), 1e-12, "sample sd of two");
        }
        assertEquals(budget.get("searched").get("mean").doubleValue() - budget.get("presetRuns").get("mean").doubleValue(),
                budget.get("difference").doubleValue(), 1e-12);
        byte[] png = Files.readAllBytes(out.resolve("comparison.png"));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));

        CommandLineTest.Result again = run(args);
        assertEquals(runs, Json.parse(again.out()).get("runs"), "finished runs are reused");

        String[] unknown = args.clone();
        unknown[java.util.Arrays.asList(args).indexOf("1m")] = "3M";
        CommandLineTest.Result refused = CommandLineTest.tinyvit(unknown);
        assertEquals(2, refused.code(), refused.err());
        assertEquals("tinyvit: " + familyFile + ": no budget 3M with a preset to compare (it has 1M, 2M)", refused.err().strip().lines().reduce((a, b) -> b).orElse(""), refused.err());
    }

    /** Kendall's tau-b written out again, independently of the code under test. */
    /** Ranks from 1 (the smallest), ties sharing their average. */
    private static double[] rank(double[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = 1;
            for (int j = 0; j < x.length; j++) {
                out[i] += j == i ? 0 : x[j] < x[i] ? 1 : x[j] == x[i] ? 0.5 : 0;
            }
        }
        return out;
    }

    private static double tauB(double[] x, double[] y) {
        int n = x.length;
        double numerator = 0;
        double untiedX = 0;
        double untiedY = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    double sx = Math.signum(x[i] - x[j]);
                    double sy = Math.signum(y[i] - y[j]);
                    numerator += sx * sy;
                    untiedX += sx * sx;
                    untiedY += sy * sy;
                }
            }
        }
        return numerator / Math.sqrt(untiedX * untiedY);
    }
}
