package dev.sandstone.local.api;

/** Erasure in the local default: PostgreSQL read model, search, history and audit, blobs on the file system. */
class ErasureApiTest extends ErasureBehaviour {
}
