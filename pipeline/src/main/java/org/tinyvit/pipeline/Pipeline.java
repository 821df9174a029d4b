package org.tinyvit.pipeline;

import ai.djl.Device;
import ai.djl.engine.Engine;
import com.google.inject.Module;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.tinyvit.TinyVitException;
import org.tinyvit.data.Augmentation;
import org.tinyvit.data.DataSource;
import org.tinyvit.data.DataSplits;
import org.tinyvit.distill.LogitStoreBuilder;
import org.tinyvit.distill.RunMetrics;
import org.tinyvit.distill.Target;
import org.tinyvit.distill.TrainConfig;
import org.tinyvit.distill.TrainingRun;
import org.tinyvit.distill.store.LogitStore;
import org.tinyvit.distill.store.StoreManifest;
import org.tinyvit.io.Json;
import org.tinyvit.model.Devices;
import org.tinyvit.model.StudentSpec;
import org.tinyvit.model.tinyvit.Presets;
import org.tinyvit.model.tinyvit.TinyVitSpec;
import org.tinyvit.search.Budget;
import org.tinyvit.search.FamilyFile;
import org.tinyvit.search.Journal;
import org.tinyvit.search.ProxySettings;
import org.tinyvit.search.Search;
import org.tinyvit.search.SearchSettings;
import org.tinyvit.space.SearchSpace;
import org.tinyvit.space.SpaceReader;
import org.tinyvit.space.TinyVitSpace;
import org.tinyvit.zoo.ZooFolder;
import tools.jackson.databind.node.ObjectNode;

/**
 * The main job, TinyViT's recipe end to end: a teacher trained on the labels, its logit store,
 * the contraction search over the budgets, and the chosen family trained longer and installed
 * into the zoo, with the teacher's and the members' {@link TrainingCurves} in {@code curves.png}.
 * Each step already finished in the output folder is reused, an interrupted search resumes from
 * its journal and an interrupted training from its last epoch, so running it again continues
 * where it stopped. A job may stop after any step ({@link Settings#until}), to look at the
 * search's family before hours of training, say; the same job run again to the end reuses it.
 *
 * <pre>{@code
 * Pipeline.Result result = Pipeline.run(Pipeline.Settings.defaults());
 * Pipeline.Result mine = Pipeline.run(Pipeline.Settings.defaults().withOut(Path.of("runs/mine")).withEpochs(5));
 * Pipeline.Result upsampled = Pipeline.run(Pipeline.Settings.defaults().withOut(Path.of("runs/56px")).atImgSize(56));
 * Pipeline.Result searched = Pipeline.run(Pipeline.Settings.defaults().until(Pipeline.Step.SEARCH)); // family.json, nothing trained after it
 * }</pre>
 */
public final class Pipeline {
    public static final String DEFAULT_OUT = "runs/pipeline";
    /** The teacher: at 28 px the 21M preset costs 3.6 times the 5M's MACs per image, and within the hour the 5M trained longer is the better teacher. */
    public static final String DEFAULT_TEACHER = "tinyvit-5m";
    /** The whole training split (60,000 less the 6,000 validation images). */
    public static final int DEFAULT_TRAIN_SAMPLES = 54_000;
    public static final int DEFAULT_TEACHER_EPOCHS = 3;
    /** One stored epoch: without augmentation every epoch shows the same images, so students cycle through one. */
    public static final int DEFAULT_STORE_EPOCHS = 1;
    public static final int DEFAULT_FAMILY_EPOCHS = 1;
    /** Drop path hurts a run of a few epochs (the paper's 5M uses none). */
    public static final double TEACHER_DROP_PATH = 0.0;
    /** The recipes {@link Settings#recipe} knows: the default, a better family at 28 px in about three times its time, and the best measured. */
    public static final String FAST = "fast";
    public static final String BALANCED = "balanced";
    public static final String ACCURATE = "accurate";
    /**
     * The teacher of the balanced and accurate recipes (docs/benchmarks.md): 8 epochs with a flip and drop path 0.1,
     * 0.9157 at 28 px and 0.9281 at 56 px against 0.9058 and 0.9199 without them.
     */
    public static final int ACCURATE_TEACHER_EPOCHS = 8;
    public static final double ACCURATE_TEACHER_DROP_PATH = 0.1;
    /** The balanced recipe: at the data's own size, that teacher and members of 3 epochs, all on the flip. */
    public static final int BALANCED_FAMILY_EPOCHS = 3;
    /** The accurate recipe: at 56 px, that teacher and members of 5 epochs, all on the flip. */
    public static final int ACCURATE_IMG_SIZE = 56;
    public static final int ACCURATE_FAMILY_EPOCHS = 5;
    public static final String TEACHER = "teacher";
    public static final String LOGITS = "logits";
    public static final String SEARCH = "search";
    public static final String FAMILY = "family";

    private Pipeline() {}

    /** The job's steps, in their order; each one's output is a folder of the job's {@code out} named by its label. */
    public enum Step {
        TEACHER(Pipeline.TEACHER), LOGITS(Pipeline.LOGITS), SEARCH(Pipeline.SEARCH), FAMILY(Pipeline.FAMILY);

        private final String label;

        Step(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** The step of this label ({@code teacher}, {@code logits}, {@code search}, {@code family}). */
        public static Step of(String label) {
            for (Step step : values()) {
                if (step.label.equals(label)) {
                    return step;
                }
            }
            throw new TinyVitException("unknown step '" + label + "'; use teacher, logits, search or family");
        }

        /** Whether a job that stops after {@code last} runs this step. */
        public boolean isUpTo(Step last) {
            return compareTo(last) <= 0;
        }
    }

    /**
     * @param out the run's folder: {@code teacher/}, {@code logits/}, {@code search/}, {@code family/}
     * @param teacher the teacher's architecture (fitted to the data's input)
     * @param data the images; its sample limit applies to every step
     * @param imgSize the teacher's input resolution, and so the store's and every student's (0: the data's own)
     * @param teacherTraining how the teacher learns the labels
     * @param storeEpochs augmented epochs of the teacher's stored logits (students cycle through them)
     * @param familyTraining how each chosen model is distilled from the store; its augmentation is the store's
     * @param space the student space the search contracts
     * @param search generations, population, short-run length, seed
     * @param zoo where the family is installed; empty to only write checkpoints
     * @param device where every model trains
     * @param familyWorkers worker processes that train the family's members side by side (they load {@code data}, whatever
     *     source they were made with); empty for one after the other in this process
     * @param last the step the job stops after ({@link Step#FAMILY}: the whole job)
     */
    public record Settings(Path out, TinyVitSpec teacher, DataSource data, int imgSize, TrainConfig teacherTraining, int storeEpochs,
            TrainConfig familyTraining, SearchSpace<?> space, List<Budget> budgets, SearchSettings search, ProxySettings proxy,
            Optional<Path> zoo, Device device, Optional<FamilyWorkers.Settings> familyWorkers, Step last) {
        public Settings {
            budgets = List.copyOf(budgets);
            if (imgSize < 0) {
                throw new TinyVitException("the input resolution must be positive (or 0 for the data's own), got " + imgSize);
            }
        }

        /** The whole job, every step to the family's training. */
        public Settings(Path out, TinyVitSpec teacher, DataSource data, int imgSize, TrainConfig teacherTraining, int storeEpochs,
                TrainConfig familyTraining, SearchSpace<?> space, List<Budget> budgets, SearchSettings search, ProxySettings proxy,
                Optional<Path> zoo, Device device, Optional<FamilyWorkers.Settings> familyWorkers) {
            this(out, teacher, data, imgSize, teacherTraining, storeEpochs, familyTraining, space, budgets, search, proxy, zoo, device, familyWorkers,
                    Step.FAMILY);
        }

        /**
         * The default main job: a tinyvit-5m teacher for 3 epochs, one stored epoch, each member 1 epoch, on the whole Fashion-MNIST
         * training split without augmentation, TinyVitSpace over 21M/11M/5M; the members train side by side, one worker per core
         * (at most one per member), unless the engine's default device is a GPU.
         */
        public static Settings defaults() {
            DataSource data = DataSource.fashionMnist(null).withTrainSamples(DEFAULT_TRAIN_SAMPLES);
            List<Budget> budgets = Budget.defaults();
            Device device = Engine.getInstance().defaultDevice();
            return new Settings(Path.of(DEFAULT_OUT), Presets.get(DEFAULT_TEACHER).withDropPath(TEACHER_DROP_PATH), data, 0,
                    TrainConfig.defaults(DEFAULT_TEACHER_EPOCHS), DEFAULT_STORE_EPOCHS, TrainConfig.defaults(DEFAULT_FAMILY_EPOCHS),
                    SpaceReader.read(TinyVitSpace.class), budgets, SearchSettings.defaults(),
                    ProxySettings.defaults(SearchSettings.DEFAULT_SEED, SearchSettings.DEFAULT_FITNESS), Optional.of(ZooFolder.defaultLocation()),
                    device, FamilyWorkers.Settings.defaults(budgets.size(), data, device));
        }

        /**
         * A named recipe: {@value Pipeline#FAST}, the defaults; {@value Pipeline#BALANCED}, the
         * defaults with a teacher of {@value Pipeline#ACCURATE_TEACHER_EPOCHS} epochs (horizontal
         * flip, drop path {@value Pipeline#ACCURATE_TEACHER_DROP_PATH}), the store and the family on
         * the same flip, and members of {@value Pipeline#BALANCED_FAMILY_EPOCHS} epochs;
         * {@value Pipeline#ACCURATE}, the same at {@value Pipeline#ACCURATE_IMG_SIZE} px with members
         * of {@value Pipeline#ACCURATE_FAMILY_EPOCHS} epochs. All search as the defaults do, ranked
         * by {@link SearchSettings#DEFAULT_FITNESS}.
         */
        public static Settings recipe(String name) {
            return switch (name) { // an unknown name is refused before defaults() loads the engine
                case FAST -> defaults();
                case BALANCED -> regularised(0, BALANCED_FAMILY_EPOCHS);
                case ACCURATE -> regularised(ACCURATE_IMG_SIZE, ACCURATE_FAMILY_EPOCHS);
                default -> throw new TinyVitException("unknown recipe '" + name + "'; use " + FAST + ", " + BALANCED + " or " + ACCURATE);
            };
        }

        /** The defaults at {@code imgSize} (0: the data's own) with the regularised teacher, everything on the flip, members of {@code familyEpochs}. */
        private static Settings regularised(int imgSize, int familyEpochs) {
            Settings fast = defaults();
            Augmentation.Policy flip = Augmentation.Policy.FLIP;
            return new Settings(fast.out(), fast.teacher().withDropPath(ACCURATE_TEACHER_DROP_PATH), fast.data(), imgSize,
                    fast.teacherTraining().withEpochs(ACCURATE_TEACHER_EPOCHS).withAugmentation(flip), fast.storeEpochs(),
                    fast.familyTraining().withEpochs(familyEpochs).withAugmentation(flip), fast.space(), fast.budgets(),
                    fast.search(), fast.proxy(), fast.zoo(), fast.device(), fast.familyWorkers());
        }

        public Settings withOut(Path folder) {
            return new Settings(folder, teacher, data, imgSize, teacherTraining, storeEpochs, familyTraining, space, budgets, search, proxy, zoo, device,
                    familyWorkers, last);
        }

        /** The same number of epochs for the teacher, the store and the family. */
        public Settings withEpochs(int n) {
            return new Settings(out, teacher, data, imgSize, teacherTraining.withEpochs(n), n, familyTraining.withEpochs(n), space, budgets, search,
                    proxy, zoo, device, familyWorkers, last);
        }

        /** The same job with every model on {@code where} (a worker pool's search workers take their own devices; family workers take this one). */
        public Settings on(Device where) {
            return new Settings(out, teacher, data, imgSize, teacherTraining, storeEpochs, familyTraining, space, budgets, search, proxy, zoo, where,
                    familyWorkers.map(w -> w.withDevices(List.of(Devices.label(where)))), last);
        }

        /** The same job with the teacher, and so the store and every student, at {@code pixels} × {@code pixels} (0: the data's own size). */
        public Settings atImgSize(int pixels) {
            return new Settings(out, teacher, data, pixels, teacherTraining, storeEpochs, familyTraining, space, budgets, search, proxy, zoo,
                    device, familyWorkers, last);
        }

        /** The same job, stopping after {@code step}: {@link Step#SEARCH} leaves the chosen family in {@code search/family.json} untrained. */
        public Settings until(Step step) {
            return new Settings(out, teacher, data, imgSize, teacherTraining, storeEpochs, familyTraining, space, budgets, search, proxy, zoo, device,
                    familyWorkers, step);
        }

        /** The family's members train in {@code workers}, or one after the other in this process when empty. */
        public Settings withFamilyWorkers(Optional<FamilyWorkers.Settings> workers) {
            return new Settings(out, teacher, data, imgSize, teacherTraining, storeEpochs, familyTraining, space, budgets, search, proxy, zoo, device,
                    workers, last);
        }
    }

    /**
     * Where each step's output is, the teacher's metrics, the trained family, and the teacher's and members' curves.
     *
     * @param last the last step the job ran: {@code store} and {@code familyFile} are where those steps write, made only when
     *     the job ran them; {@code family} is empty unless it ran to {@link Step#FAMILY}
     */
    public record Result(Step last, Path teacher, RunMetrics teacherMetrics, Path store, Path familyFile, Optional<FamilyTraining.Result> family,
            Optional<Path> curves) {
        /**
         * The job's outcome as {@code pipeline --json} prints it: the last step it ran, the teacher's accuracies, the folders of the
         * steps it ran, the family's {@code trained.json}.
         */
        public ObjectNode toJson() {
            ObjectNode json = Json.object("lastStep", last.label(), "teacher", Json.object("checkpoint", teacher.toAbsolutePath().toString(),
                    "valAccuracy", teacherMetrics.valAccuracy(), "testAccuracy", teacherMetrics.testAccuracy(),
                    "secondsPerStep", teacherMetrics.secondsPerStep()));
            Map<Step, Path> outputs = outputs();
            Optional.ofNullable(outputs.get(Step.LOGITS)).ifPresent(dir -> json.put("logits", dir.toAbsolutePath().toString()));
            Optional.ofNullable(outputs.get(Step.SEARCH)).ifPresent(file -> json.put("familyFile", file.toAbsolutePath().toString()));
            curves.ifPresent(png -> json.put("curves", png.toAbsolutePath().toString()));
            family.ifPresent(trained -> json.set("family", trained.json()));
            return json;
        }

        /**
         * What each step the job ran made, in step order: the teacher's folder, the store, the
         * search's {@code family.json}, the family's {@code trained.json}; a step after {@link #last}
         * has no entry.
         */
        public Map<Step, Path> outputs() {
            Map<Step, Path> outputs = new EnumMap<>(Step.class);
            outputs.put(Step.TEACHER, teacher);
            if (Step.LOGITS.isUpTo(last)) {
                outputs.put(Step.LOGITS, store);
            }
            if (Step.SEARCH.isUpTo(last)) {
                outputs.put(Step.SEARCH, familyFile);
            }
            family.ifPresent(trained -> outputs.put(Step.FAMILY, trained.file()));
            return outputs;
        }
    }

    /** Runs the job; {@code searchModules} replace parts of the search (a worker pool, say: see {@link Search#run}). */
    public static Result run(Settings s, Module... searchModules) {
        Path teacherDir = s.out().resolve(TEACHER);
        Path store = s.out().resolve(LOGITS);
        Path searchDir = s.out().resolve(SEARCH);
        Path familyFile = searchDir.resolve(FamilyFile.FILE);
        System.err.println("tinyvit pipeline: reading the data");
        DataSplits data = s.data().splits();

        StudentSpec teacherSpec = TrainingRun.fitToData(s.teacher(), data, s.imgSize());
        if (StoreManifest.exists(store)) {
            refuseOtherStore(store, teacherSpec.imgSize(), s.familyTraining().augmentation());
        }
        TrainingRun.Settings teacherRun = TrainingRun.Settings.of(teacherSpec, data, s.teacherTraining(), Target.labels(), teacherDir)
                .on(s.device());
        Optional<RunMetrics> teacherDone = TrainingRun.reusable(teacherRun);
        if (teacherDone.isEmpty() && StoreManifest.exists(store)) {
            throw new TinyVitException(store + ": holds the logits of a teacher this job would now train again (another recipe, or a run that"
                    + " did not finish); use another --out or delete the folder");
        }
        announce(s, "1/4 teacher", teacherDone.isPresent(), "training the teacher on the labels for " + s.teacherTraining().epochs()
                + " epochs" + (s.imgSize() > 0 ? " at " + s.imgSize() + " px" : ""));
        RunMetrics teacherMetrics = teacherDone.orElseGet(() -> TrainingRun.run(teacherRun).metrics());
        List<TrainingCurves.Run> runs = new ArrayList<>();
        runs.add(new TrainingCurves.Run("teacher", teacherMetrics));
        if (!Step.LOGITS.isUpTo(s.last())) {
            return stopped(s, teacherDir, teacherMetrics, teacherDone.isEmpty(), store, familyFile, runs);
        }

        boolean storeDone = LogitStore.epochs(store).size() >= s.storeEpochs();
        announce(s, "2/4 logits", storeDone, "storing the teacher's top-" + LogitStoreBuilder.DEFAULT_TOP_K + " for " + s.storeEpochs() + " epochs");
        // a finished store is still handed to the builder: it writes nothing then, but refuses one another teacher made
        LogitStoreBuilder.build(new LogitStoreBuilder.Settings(teacherDir, data, LogitStoreBuilder.DEFAULT_TOP_K, LogitStoreBuilder.DEFAULT_SEED,
                s.storeEpochs(), store, storeDone ? 0 : LogitStoreBuilder.DEFAULT_VERIFY_SAMPLES, s.familyTraining().augmentation(), s.device()));
        if (!Step.SEARCH.isUpTo(s.last())) {
            return stopped(s, teacherDir, teacherMetrics, teacherDone.isEmpty(), store, familyFile, runs);
        }

        boolean searchDone = Files.isRegularFile(familyFile);
        if (searchDone) {
            refuseOtherSearch(familyFile, s.search(), s.proxy());
        }
        announce(s, "3/4 search", searchDone, "contracting " + s.space().name() + " over " + s.budgets());
        if (!searchDone) {
            boolean resume = Files.exists(searchDir.resolve(Journal.FILE));
            Search.run(new Search.Settings(s.space(), s.budgets(), s.search(), s.proxy(), store, data, searchDir, resume).withSource(s.data())
                    .on(s.device()), searchModules);
        }
        if (!Step.FAMILY.isUpTo(s.last())) {
            return stopped(s, teacherDir, teacherMetrics, teacherDone.isEmpty(), store, familyFile, runs);
        }

        announce(s, "4/4 train-family", false, "training the chosen models for " + s.familyTraining().epochs() + " epochs");
        FamilyTraining.Settings family = new FamilyTraining.Settings(familyFile, store, data, s.familyTraining(), Optional.empty(),
                s.out().resolve(FAMILY), s.zoo(), s.device(), s.familyWorkers().map(w -> w.reading(s.data())));
        FamilyTraining.Result trained = FamilyTraining.run(family);
        runs.addAll(FamilyTraining.curves(trained.members()));
        Optional<Path> curves = TrainingCurves.write(s.out().resolve(TrainingCurves.FILE), runs);
        return new Result(Step.FAMILY, teacherDir, teacherMetrics, store, familyFile, Optional.of(trained), curves);
    }

    /**
     * The job stopped after {@code s.last()}, as asked: the curves of what trained, and how to go on. A job that trained
     * nothing now leaves the folder's {@code curves.png} as an earlier job drew it, with the members that job trained.
     */
    private static Result stopped(Settings s, Path teacherDir, RunMetrics teacherMetrics, boolean teacherTrainedNow, Path store, Path familyFile,
            List<TrainingCurves.Run> runs) {
        System.err.printf(Locale.ROOT, "tinyvit pipeline: stopping after the %s step, as asked; the same job without the stop goes on from here%n",
                s.last().label());
        Path drawn = s.out().resolve(TrainingCurves.FILE);
        Optional<Path> curves = !teacherTrainedNow && Files.isRegularFile(drawn) ? Optional.of(drawn) : TrainingCurves.write(drawn, runs);
        return new Result(s.last(), teacherDir, teacherMetrics, store, familyFile, Optional.empty(), curves);
    }

    /** A store this job would reuse must be at the job's resolution and augmentation, or every later step would mix two jobs. */
    private static void refuseOtherStore(Path store, int imgSize, Augmentation.Policy augmentation) {
        StoreManifest m = StoreManifest.read(store);
        if (m.imgSize() != imgSize || m.augmentation() != augmentation) {
            throw new TinyVitException(String.format(Locale.ROOT, "%s: holds a store made at %d px with augmentation %s, but this job asks for"
                    + " %d px and %s; use another --out or delete the folder", store, m.imgSize(), m.augmentation().label(), imgSize,
                    augmentation.label()));
        }
    }

    /** A finished search this job would reuse must be the search it asks for, or its family would come from another one. */
    private static void refuseOtherSearch(Path familyFile, SearchSettings search, ProxySettings proxy) {
        List<String> other = Search.otherSettings(familyFile, search, proxy);
        if (!other.isEmpty()) {
            throw new TinyVitException(familyFile + ": holds the family of another search (" + String.join("; ", other) + "); use another --out"
                    + " or delete " + familyFile.getParent());
        }
    }

    private static void announce(Settings s, String step, boolean done, String what) {
        System.err.printf(Locale.ROOT, "tinyvit pipeline %s: %s%n", step, done ? "reusing the finished step in " + s.out() : what);
    }
}
