package dev.sandstone.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The documents of a run, who may edit each, and the newest version (with its content) any client has seen.
 * One document in five is "hot": half of all picks go to the hot fifth, so a hot document is chosen six times
 * as often as any other (60 % of the traffic on 20 % of the documents) and editors do collide, as in real teams.
 */
final class Corpus {

    /** A document and the clients of everyone who may edit it, the owner first. */
    record Doc(String id, List<SandstoneClient> members) {
        SandstoneClient owner() {
            return members.get(0);
        }

        SandstoneClient anyMember(Random random) {
            return members.get(random.nextInt(members.size()));
        }

        /** A member other than {@code user}, or null when the document is not shared. */
        SandstoneClient otherThan(SandstoneClient user, Random random) {
            if (members.size() < 2) {
                return null;
            }
            SandstoneClient other;
            do {
                other = anyMember(random);
            } while (other == user);
            return other;
        }
    }

    /** What clients last saw of a document. */
    record Known(long version, String content) {
    }

    private static final double SHARED = 0.75;
    private static final int MAX_EDITORS = 3;
    private static final List<String> TAGS = List.of("planning", "legal", "engineering", "sales", "draft", "review");

    private final List<Doc> docs;
    private final List<SandstoneClient> users;
    private final Map<String, Known> known;
    private final int hot;

    private Corpus(List<Doc> docs, List<SandstoneClient> users, Map<String, Known> known) {
        this.docs = List.copyOf(docs);
        this.users = List.copyOf(users);
        this.known = known;
        this.hot = Math.max(1, docs.size() / 5);
    }

    /**
     * Creates the documents through the API, several at a time. The plan (owners, editors, texts) comes from the
     * seed alone; creation order and server-side ids do not change it.
     */
    static Corpus create(Options options, List<SandstoneClient> users, TextEdits texts, Metrics metrics)
            throws Exception {
        Random plan = new Random(options.seed());
        List<Planned> planned = new ArrayList<>();
        for (int i = 0; i < options.documents(); i++) {
            SandstoneClient owner = users.get(plan.nextInt(users.size()));
            List<SandstoneClient> editors = new ArrayList<>();
            if (plan.nextDouble() < SHARED) {
                int count = 1 + plan.nextInt(Math.min(MAX_EDITORS, users.size() - 1));
                while (editors.size() < count) {
                    SandstoneClient editor = users.get(plan.nextInt(users.size()));
                    if (editor != owner && !editors.contains(editor)) {
                        editors.add(editor);
                    }
                }
            }
            String tag = TAGS.get(plan.nextInt(TAGS.size()));
            planned.add(new Planned(i, owner, editors, tag, texts.initial(plan)));
        }
        Map<String, Known> known = new ConcurrentHashMap<>();
        List<Doc> docs = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(8, planned.size()));
        try {
            List<Future<Doc>> created = new ArrayList<>();
            for (Planned p : planned) {
                created.add(pool.submit(() -> createOne(p, metrics, known)));
            }
            for (Future<Doc> doc : created) {
                docs.add(doc.get());
            }
        } finally {
            pool.shutdownNow();
        }
        return new Corpus(docs, users, known);
    }

    private record Planned(int index, SandstoneClient owner, List<SandstoneClient> editors, String tag,
                           String content) {
    }

    private static Doc createOne(Planned p, Metrics metrics, Map<String, Known> known) {
        long start = System.nanoTime();
        SandstoneClient.Response created = p.owner().create("Benchmark document " + p.index(), p.content(),
                List.of(p.tag()));
        if (!created.is(201)) {
            throw new IllegalStateException("Cannot create a document: " + created.describe());
        }
        metrics.ok(Operation.CREATE, start, System.nanoTime());
        String id = created.body().get("id").asText();
        long version = created.version();
        List<SandstoneClient> members = new ArrayList<>();
        members.add(p.owner());
        for (SandstoneClient editor : p.editors()) {
            long grantStart = System.nanoTime();
            SandstoneClient.Response granted = p.owner().grant(id, editor.userId(), "editor");
            if (!granted.is(200)) {
                throw new IllegalStateException("Cannot share a document: " + granted.describe());
            }
            metrics.ok(Operation.SHARE, grantStart, System.nanoTime());
            version = granted.version();
            members.add(editor);
        }
        known.put(id, new Known(version, p.content()));
        return new Doc(id, List.copyOf(members));
    }

    /** A document to work on: one of the hot fifth half of the time, else any (hot ones included). */
    Doc pick(Random random) {
        return random.nextBoolean() ? docs.get(random.nextInt(hot)) : docs.get(random.nextInt(docs.size()));
    }

    SandstoneClient anyUser(Random random) {
        return users.get(random.nextInt(users.size()));
    }

    Known known(String id) {
        return known.get(id);
    }

    /** Remembers a version a client saw, unless a newer one is already known. */
    void saw(String id, long version, String content) {
        known.merge(id, new Known(version, content), (old, seen) -> seen.version() > old.version() ? seen : old);
    }

    int size() {
        return docs.size();
    }

    long sharedCount() {
        return docs.stream().filter(doc -> doc.members().size() > 1).count();
    }
}
