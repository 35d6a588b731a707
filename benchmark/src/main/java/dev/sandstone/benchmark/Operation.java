package dev.sandstone.benchmark;

/** The kinds of request the generator times, each with its own latency histogram. */
enum Operation {
    EDIT("edit", "edit, end to end (from its scheduled start, incl. 412 retries)"),
    EDIT_REQUEST("edit_request", "edit request (PUT content with If-Match)"),
    REREAD("reread", "re-read after 412 (GET document)"),
    READ("read", "read document (GET)"),
    LIST("list", "list documents (GET, 20 a page)"),
    PUBLISH("publish", "publish (POST)"),
    READ_YOUR_WRITES("read_your_writes", "read-your-writes (edit's 200 until another user's GET shows it)"),
    PROCESSOR_STATUS("processor_status", "processor status (GET /api/admin/processors, the lag sampler's)"),
    CREATE("create", "create document (setup, not in the window)"),
    SHARE("share", "share with an editor (setup, not in the window)");

    private final String key;
    private final String label;

    Operation(String key, String label) {
        this.key = key;
        this.label = label;
    }

    String key() {
        return key;
    }

    String label() {
        return label;
    }

    /** Setup operations are timed whenever they happen; the others only inside the measured window. */
    boolean isSetup() {
        return this == CREATE || this == SHARE;
    }
}
