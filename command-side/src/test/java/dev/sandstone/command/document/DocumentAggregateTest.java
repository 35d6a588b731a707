package dev.sandstone.command.document;

import static dev.sandstone.api.document.DocumentRole.EDITOR;
import static dev.sandstone.api.document.DocumentRole.OWNER;
import static dev.sandstone.api.document.DocumentRole.PUBLISHER;
import static dev.sandstone.api.document.DocumentRole.VIEWER;
import static dev.sandstone.api.error.DomainException.Kind.CONFLICT;
import static dev.sandstone.api.error.DomainException.Kind.FORBIDDEN;
import static dev.sandstone.api.error.DomainException.Kind.INVALID;
import static dev.sandstone.api.error.DomainException.Kind.NOT_FOUND;
import static dev.sandstone.api.error.DomainException.Kind.STALE_VERSION;
import static dev.sandstone.api.error.DomainException.Kind.TOO_LARGE;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.equalTo;

import dev.sandstone.api.document.ChunkRef;
import dev.sandstone.api.document.DocumentRole;
import dev.sandstone.api.document.StoredContent;
import dev.sandstone.api.document.TextDelta;
import dev.sandstone.api.document.command.ApplyContentDelta;
import dev.sandstone.api.document.command.ArchiveDocument;
import dev.sandstone.api.document.command.CommandResult;
import dev.sandstone.api.document.command.CreateDocument;
import dev.sandstone.api.document.command.DeleteDocument;
import dev.sandstone.api.document.command.EditDocumentContent;
import dev.sandstone.api.document.command.GrantDocumentRole;
import dev.sandstone.api.document.command.PublishDocument;
import dev.sandstone.api.document.command.PublishResult;
import dev.sandstone.api.document.command.RevokeDocumentRole;
import dev.sandstone.api.document.command.ReplaceContentRange;
import dev.sandstone.api.document.command.StoreDocumentContent;
import dev.sandstone.api.document.command.UpdateDocumentMetadata;
import dev.sandstone.api.document.event.DocumentArchived;
import dev.sandstone.api.document.event.DocumentContentEdited;
import dev.sandstone.api.document.event.DocumentContentReplaced;
import dev.sandstone.api.document.event.DocumentContentStored;
import dev.sandstone.api.document.event.DocumentCreated;
import dev.sandstone.api.document.event.DocumentDeleted;
import dev.sandstone.api.document.event.DocumentErased;
import dev.sandstone.api.document.event.DocumentMetadataUpdated;
import dev.sandstone.api.document.event.DocumentPublished;
import dev.sandstone.api.document.event.DocumentRoleGranted;
import dev.sandstone.api.document.event.DocumentRoleRevoked;
import dev.sandstone.api.error.DomainException.Kind;
import dev.sandstone.api.error.DomainException;
import dev.sandstone.api.security.Actor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventsourcing.AggregateDeletedException;
import org.axonframework.messaging.Message;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Description;
import org.hamcrest.FeatureMatcher;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The rules of the {@link Document} aggregate, as given/when/then specifications.
 *
 * <p>Cast: alice owns the document, bob is given roles on it, carol has none, root is an admin and
 * audrey an auditor. The fixture's content limit is {@value #LIMIT} UTF-8 bytes.
 */
class DocumentAggregateTest {

    private static final String ID = "doc-1";
    private static final int LIMIT = 1024;
    private static final String TITLE = "Notes";
    private static final String CONTENT = "Hello";
    private static final List<String> TAGS = List.of("draft");

    private AggregateTestFixture<Document> fixture;

    @BeforeEach
    void setUp() {
        fixture = fixtureWithContentLimit(LIMIT);
    }

    private static AggregateTestFixture<Document> fixtureWithContentLimit(long maxContentBytes) {
        AggregateTestFixture<Document> fixture = new AggregateTestFixture<>(Document.class);
        fixture.registerInjectableResource(new DocumentRules(maxContentBytes));
        // No blob store: these fixtures' contents are inline, which a range replacement never writes out.
        fixture.registerInjectableResource(new ContentUploads(null, maxContentBytes, maxContentBytes));
        return fixture;
    }

    @Nested
    class Versions {

        @Test
        void creating_a_document_returns_its_id() {
            fixture.givenNoPriorActivity()
                    .when(create(TITLE, CONTENT, TAGS), alice().toMetaData())
                    .expectSuccessfulHandlerExecution()
                    .expectResultMessagePayload(ID);
        }

        @Test
        void a_new_document_is_at_version_1() {
            fixture.givenCommands(by(alice(), create(TITLE, CONTENT, TAGS)))
                    .when(edit(CONTENT, 1), alice().toMetaData())
                    .expectSuccessfulHandlerExecution()
                    .expectResultMessagePayload(new CommandResult(ID, 1));
        }

        @Test
        void every_event_increments_the_version() {
            fixture.givenCommands(
                            by(alice(), create(TITLE, CONTENT, TAGS)),
                            by(alice(), grant("bob", PUBLISHER)),
                            by(bob(), edit("Hello, world", 2)),
                            by(bob(), metadata("Plans", null, 3)),
                            by(bob(), publish(4L)))
                    .when(archive(5L), alice().toMetaData())
                    .expectEvents(new DocumentArchived(ID))
                    .expectResultMessagePayload(new CommandResult(ID, 6));
        }

        @Test
        void the_version_counts_events_given_from_history() {
            fixture.given(created(), granted("bob", EDITOR), edited(CONTENT, "Hello!"), archived())
                    .when(grant("carol", VIEWER), alice().toMetaData())
                    .expectResultMessagePayload(new CommandResult(ID, 5));
        }
    }

    @Nested
    class Create {

        @Test
        void creating_a_document_records_it_with_the_actor_as_its_owner() {
            fixture.givenNoPriorActivity()
                    .when(create(TITLE, CONTENT, TAGS), bob().toMetaData())
                    .expectEvents(new DocumentCreated(ID, TITLE, CONTENT, TAGS, "bob"));
        }

        @Test
        void the_title_is_stored_trimmed() {
            fixture.givenNoPriorActivity()
                    .when(create("  Notes \t", CONTENT, TAGS), alice().toMetaData())
                    .expectEvents(new DocumentCreated(ID, TITLE, CONTENT, TAGS, "alice"));
        }

        @Test
        void a_title_of_200_characters_is_accepted() {
            String title = "t".repeat(200);
            fixture.givenNoPriorActivity()
                    .when(create(title, CONTENT, TAGS), alice().toMetaData())
                    .expectEvents(new DocumentCreated(ID, title, CONTENT, TAGS, "alice"));
        }

        @Test
        void a_title_of_201_characters_is_rejected() {
            fixture.givenNoPriorActivity()
                    .when(create("t".repeat(201), CONTENT, TAGS), alice().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(INVALID, "title"));
        }

        @Test
        void the_title_length_is_measured_after_trimming() {
            String title = "t".repeat(200);
            fixture.givenNoPriorActivity()
                    .when(create("   " + title + "   ", CONTENT, TAGS), alice().toMetaData())
                    .expectEvents(new DocumentCreated(ID, title, CONTENT, TAGS, "alice"));
        }

        @Test
        void an_empty_title_is_rejected() {
            fixture.givenNoPriorActivity()
                    .when(create("", CONTENT, TAGS), alice().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(INVALID, "title"));
        }

        @Test
        void a_title_of_only_spaces_is_rejected() {
            fixture.givenNoPriorActivity()
                    .when(create("   ", CONTENT, TAGS), alice().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(INVALID, "title"));
        }

        @Test
        void a_missing_title_is_rejected() {
            fixture.givenNoPriorActivity()
                    .when(create(null, CONTENT, TAGS), alice().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(INVALID, "title"));
        }

        @Test
        void a_title_with_a_line_break_is_rejected() {
            fixture.givenNoPriorActivity()
                    .when(create("First line\nsecond line", CONTENT, TAGS), alice().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(INVALID, "title"));
        }

        @Test
        void a_title_with_a_nul_character_is_rejected() {
            fixture.givenNoPriorActivity()
                    .when(create("Notes\u0000", CONTENT, TAGS), alice().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(INVALID, "title"));
        }

        @Test
        void missing_tags_mean_no_tags() {
            fixture.givenNoPriorActivity()
                    .when(create(TITLE, CONTENT, null), alice().toMetaData())
                    .expectEvents(new DocumentCreated(ID, TITLE, CONTENT, List.of(), "alice"));
        }

        @Test
        void twenty_tags_are_accepted() {
            fixture.givenNoPriorActivity()
                    .when(create(TITLE, CONTENT, tags(20)), alice().toMetaData())
                    .expectEvents(new DocumentCreated(ID, TITLE, CONTENT, tags(20), "alice"));
        }

        @Test
        void twenty_one_tags_are_rejected() {
            fixture.givenNoPriorActivity()
                    .when(create(TITLE, CONTENT, tags(21)), alice().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(INVALID, "tags"));
        }

        @Test
        void duplicate_tags_collapse_in_first_seen_order() {
            fixture.givenNoPriorActivity()
                    .when(create(TITLE, CONTENT, List.of("b", "a", "b", "a")), alice().toMetaData())
                    .expectEvents(new DocumentCreated(ID, TITLE, CONTENT, List.of("b", "a"), "alice"));
        }

        @Test
        void duplicates_do_not_count_towards_the_twenty_tag_limit() {
            List<String> twentyOneWithADuplicate = new ArrayList<>(tags(20));
            twentyOneWithADuplicate.add("tag-1");
            fixture.givenNoPriorActivity()
                    .when(create(TITLE, CONTENT, twentyOneWithADuplicate), alice().toMetaData())
                    .expectEvents(new DocumentCreated(ID, TITLE, CONTENT, tags(20), "alice"));
        }

        @Test
        void a_tag_of_50_characters_is_accepted() {
            List<String> tags = List.of("a" + "-".repeat(49));
            fixture.givenNoPriorActivity()
                    .when(create(TITLE, CONTENT, tags), alice().toMetaData())
                    .expectEvents(new DocumentCreated(ID, TITLE, CONTENT, tags, "alice"));
        }

        @Test
        void a_tag_of_51_characters_is_rejected_naming_its_index() {
            fixture.givenNoPriorActivity()
                    .when(create(TITLE, CONTENT, List.of("ok", "a".repeat(51))), alice().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(INVALID, "tags[1]"));
        }

        @Test
        void an_upper_case_tag_is_rejected_naming_its_index() {
            fixture.givenNoPriorActivity()
                    .when(create(TITLE, CONTENT, List.of("ok", "fine", "Draft")), alice().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(INVALID, "tags[2]"));
        }

        @Test
        void a_tag_starting_with_a_hyphen_is_rejected() {
            fixture.givenNoPriorActivity()
                    .when(create(TITLE, CONTENT, List.of("-draft")), alice().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(INVALID, "tags[0]"));
        }

        @Test
        void a_null_tag_is_rejected_naming_its_index() {
            fixture.givenNoPriorActivity()
                    .when(create(TITLE, CONTENT, Arrays.asList("ok", null)), alice().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(INVALID, "tags[1]"));
        }

        @Test
        void missing_content_is_rejected() {
            fixture.givenNoPriorActivity()
                    .when(create(TITLE, null, TAGS), alice().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(INVALID, "content"));
        }

        @Test
        void empty_content_is_accepted() {
            fixture.givenNoPriorActivity()
                    .when(create(TITLE, "", TAGS), alice().toMetaData())
                    .expectEvents(new DocumentCreated(ID, TITLE, "", TAGS, "alice"));
        }

        @Test
        void content_of_exactly_the_limit_in_two_byte_characters_is_accepted() {
            String content = "é".repeat(LIMIT / 2);
            fixture.givenNoPriorActivity()
                    .when(create(TITLE, content, TAGS), alice().toMetaData())
                    .expectEvents(new DocumentCreated(ID, TITLE, content, TAGS, "alice"));
        }

        @Test
        void content_whose_last_character_crosses_the_limit_is_too_large() {
            String content = "é".repeat(LIMIT / 2 - 1) + "€"; // 1022 + 3 = 1025 bytes in 512 chars
            fixture.givenNoPriorActivity()
                    .when(create(TITLE, content, TAGS), alice().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(TOO_LARGE, "content"));
        }

        @Test
        void content_is_measured_in_utf8_bytes_not_in_chars() {
            String content = "a".repeat(LIMIT - 3) + "😀"; // 1021 + 4 = 1025 bytes in only 1023 chars
            fixture.givenNoPriorActivity()
                    .when(create(TITLE, content, TAGS), alice().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(TOO_LARGE, "content"));
        }

        @Test
        void an_auditor_cannot_create_documents() {
            fixture.givenNoPriorActivity()
                    .when(create(TITLE, CONTENT, TAGS), auditor().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(FORBIDDEN));
        }

        @Test
        void an_auditor_who_is_also_an_admin_can_create_documents() {
            Actor adminAuditor = new Actor("root", Set.of(Actor.ADMIN, Actor.AUDITOR));
            fixture.givenNoPriorActivity()
                    .when(create(TITLE, CONTENT, TAGS), adminAuditor.toMetaData())
                    .expectEvents(new DocumentCreated(ID, TITLE, CONTENT, TAGS, "root"));
        }
    }

    @Nested
    class EditContent {

        @Test
        void the_owner_can_edit_the_content() {
            fixture.given(created())
                    .when(edit("Hello, world", 1), alice().toMetaData())
                    .expectEvents(new DocumentContentEdited(ID, delta(5L, ", world")))
                    .expectResultMessagePayload(new CommandResult(ID, 2));
        }

        @Test
        void an_editor_can_edit_the_content() {
            fixture.given(created(), granted("bob", EDITOR))
                    .when(edit("Hello, world", 2), bob().toMetaData())
                    .expectEvents(new DocumentContentEdited(ID, delta(5L, ", world")))
                    .expectResultMessagePayload(new CommandResult(ID, 3));
        }

        @Test
        void a_publisher_can_edit_the_content() {
            fixture.given(created(), granted("bob", PUBLISHER))
                    .when(edit("Hello, world", 2), bob().toMetaData())
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new DocumentContentEdited(ID, delta(5L, ", world")));
        }

        @Test
        void a_viewer_cannot_edit_the_content() {
            fixture.given(created(), granted("bob", VIEWER))
                    .when(edit("Hello, world", 2), bob().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(FORBIDDEN));
        }

        @Test
        void a_stranger_is_told_the_document_does_not_exist() {
            fixture.given(created())
                    .when(edit("Hello, world", 1), carol().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(NOT_FOUND));
        }

        @Test
        void a_stranger_learns_nothing_even_from_a_stale_version() {
            fixture.given(created(), granted("bob", EDITOR))
                    .when(edit("Hello, world", 1), carol().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(NOT_FOUND));
        }

        @Test
        void an_auditor_cannot_edit_the_content() {
            fixture.given(created())
                    .when(edit("Hello, world", 1), auditor().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(FORBIDDEN));
        }

        @Test
        void an_auditor_cannot_edit_even_with_the_editor_role() {
            fixture.given(created(), granted("audrey", EDITOR))
                    .when(edit("Hello, world", 2), auditor().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(FORBIDDEN));
        }

        @Test
        void an_admin_can_edit_without_a_role_on_the_document() {
            fixture.given(created())
                    .when(edit("Hello, world", 1), admin().toMetaData())
                    .expectEvents(new DocumentContentEdited(ID, delta(5L, ", world")))
                    .expectResultMessagePayload(new CommandResult(ID, 2));
        }

        @Test
        void a_stale_expected_version_is_rejected_with_the_current_version() {
            fixture.given(created(), granted("bob", EDITOR))
                    .when(edit("Hello, world", 1), alice().toMetaData())
                    .expectNoEvents()
                    .expectException(staleWithCurrentVersion(2))
                    .expectExceptionMessage("Expected version 1 but the document is at version 2");
        }

        @Test
        void an_expected_version_from_the_future_is_stale_too() {
            fixture.given(created())
                    .when(edit("Hello, world", 7), alice().toMetaData())
                    .expectNoEvents()
                    .expectException(staleWithCurrentVersion(1));
        }

        @Test
        void an_archived_document_cannot_be_edited() {
            fixture.given(created(), archived())
                    .when(edit("Hello, world", 2), alice().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(CONFLICT));
        }

        @Test
        void a_deleted_document_cannot_be_edited() {
            fixture.given(created(), deleted())
                    .when(edit("Hello, world", 2), alice().toMetaData())
                    .expectNoEvents()
                    .expectException(AggregateDeletedException.class);
        }

        @Test
        void the_same_content_again_changes_nothing_but_succeeds() {
            fixture.given(created())
                    .when(edit(CONTENT, 1), alice().toMetaData())
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(new CommandResult(ID, 1));
        }

        @Test
        void missing_content_is_rejected() {
            fixture.given(created())
                    .when(edit(null, 1), alice().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(INVALID, "content"));
        }

        @Test
        void content_over_the_limit_is_too_large() {
            fixture.given(created())
                    .when(edit("€".repeat(LIMIT / 3 + 1), 1), alice().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(TOO_LARGE, "content"));
        }

        @Test
        void the_event_carries_a_delta_that_turns_the_old_content_into_the_new() {
            String before = "The quick brown fox\njumps over the lazy dog\n";
            String after = "The quick red fox\nleaps over the lazy dog!\nThe end\n";
            fixture.given(created(before))
                    .when(edit(after, 1), alice().toMetaData())
                    .expectEventsMatching(onlyEvent(DocumentContentEdited.class,
                            "a delta from the old content to the new",
                            edited -> edited.delta().apply(before).equals(after)));
        }

        @Test
        void the_event_carries_only_the_changed_text_not_the_full_content() {
            String before = numberedLines(40);
            String after = before.replace("Paragraph 20.", "Paragraph twenty.");
            fixture.given(created(before))
                    .when(edit(after, 1), alice().toMetaData())
                    .expectEventsMatching(onlyEvent(DocumentContentEdited.class,
                            "a delta that inserts only 'twenty'",
                            edited -> edited.delta().insertedChars() <= "twenty".length()
                                    && edited.delta().apply(before).equals(after)));
        }

        @Test
        void a_one_character_edit_of_a_large_document_yields_a_tiny_delta() {
            String before = "A line of a long document.\n".repeat(20_000); // 540,000 chars
            int middle = before.length() / 2;
            String after = before.substring(0, middle) + "x" + before.substring(middle);
            fixtureWithContentLimit(1_000_000)
                    .given(created(before))
                    .when(edit(after, 1), alice().toMetaData())
                    .expectEventsMatching(onlyEvent(DocumentContentEdited.class,
                            "a three-op delta inserting one char",
                            edited -> edited.delta().ops().size() <= 3
                                    && edited.delta().insertedChars() == 1
                                    && edited.delta().deletedChars() == 0
                                    && edited.delta().apply(before).equals(after)));
        }

        @Test
        void an_edit_applies_to_the_content_as_earlier_edits_left_it() {
            fixture.given(created(), edited(CONTENT, "Hello, world"))
                    .when(edit("Hello, world!", 2), alice().toMetaData())
                    .expectEvents(new DocumentContentEdited(ID, delta(12L, "!")));
        }
    }

    /** A live edit arrives as a delta already transformed to the current version by the collaboration channel. */
    @Nested
    class LiveEdit {

        @Test
        void an_editor_applies_a_delta_at_the_current_version_and_it_is_stored_as_an_edit() {
            fixture.given(created(), granted("bob", EDITOR))
                    .when(new ApplyContentDelta(ID, delta(5L, ", world"), 2), bob().toMetaData())
                    .expectEvents(new DocumentContentEdited(ID, delta(5L, ", world")))
                    .expectResultMessagePayload(new CommandResult(ID, 3));
        }

        @Test
        void a_delta_made_at_an_older_version_is_refused_as_stale() {
            fixture.given(created(), edited(CONTENT, "Hello!"))
                    .when(new ApplyContentDelta(ID, delta(6L, "?"), 1), alice().toMetaData())
                    .expectNoEvents()
                    .expectException(staleWithCurrentVersion(2));
        }

        @Test
        void a_viewer_cannot_apply_a_delta_and_a_stranger_learns_nothing() {
            fixture.given(created(), granted("bob", VIEWER))
                    .when(new ApplyContentDelta(ID, delta(5L, "!"), 2), bob().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(FORBIDDEN));
            fixture.given(created())
                    .when(new ApplyContentDelta(ID, delta(5L, "!"), 1), carol().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(NOT_FOUND));
        }

        @Test
        void a_delta_that_does_not_fit_the_content_is_refused() {
            fixture.given(created())
                    .when(new ApplyContentDelta(ID, delta(50L, "!"), 1), alice().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(Kind.INVALID, "op"));
        }

        @Test
        void a_delta_that_would_grow_the_content_past_the_inline_limit_is_refused() {
            AggregateTestFixture<Document> inlineLimited = new AggregateTestFixture<>(Document.class);
            inlineLimited.registerInjectableResource(new DocumentRules(LIMIT, 10));
            inlineLimited.given(created())
                    .when(new ApplyContentDelta(ID, delta(5L, " and more"), 1), alice().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(Kind.INVALID, "content"));
        }

        @Test
        void an_archived_document_takes_no_live_edit() {
            fixture.given(created(), archived())
                    .when(new ApplyContentDelta(ID, delta(5L, "!"), 2), alice().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(CONFLICT));
        }

        @Test
        void a_delta_that_changes_nothing_records_nothing() {
            fixture.given(created())
                    .when(new ApplyContentDelta(ID, delta(5L), 1), alice().toMetaData())
                    .expectNoEvents()
                    .expectResultMessagePayload(new CommandResult(ID, 1));
        }
    }

    @Nested
    class UpdateMetadata {

        @Test
        void an_editor_can_change_title_and_tags() {
            fixture.given(created(), granted("bob", EDITOR))
                    .when(metadata("Plans", List.of("q3", "roadmap"), 2), bob().toMetaData())
                    .expectEvents(new DocumentMetadataUpdated(ID, "Plans", List.of("q3", "roadmap")))
                    .expectResultMessagePayload(new CommandResult(ID, 3));
        }

        @Test
        void a_viewer_cannot_change_metadata() {
            fixture.given(created(), granted("bob", VIEWER))
                    .when(metadata("Plans", null, 2), bob().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(FORBIDDEN));
        }

        @Test
        void a_stranger_is_told_the_document_does_not_exist() {
            fixture.given(created())
                    .when(metadata("Plans", null, 1), carol().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(NOT_FOUND));
        }

        @Test
        void sending_neither_title_nor_tags_is_rejected() {
            fixture.given(created())
                    .when(metadata(null, null, 1), alice().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(INVALID));
        }

        @Test
        void changing_only_the_title_keeps_the_tags() {
            fixture.given(created())
                    .when(metadata("Plans", null, 1), alice().toMetaData())
                    .expectEvents(new DocumentMetadataUpdated(ID, "Plans", TAGS));
        }

        @Test
        void changing_only_the_tags_keeps_the_title() {
            fixture.given(created())
                    .when(metadata(null, List.of("final"), 1), alice().toMetaData())
                    .expectEvents(new DocumentMetadataUpdated(ID, TITLE, List.of("final")));
        }

        @Test
        void an_empty_tag_list_removes_every_tag() {
            fixture.given(created())
                    .when(metadata(null, List.of(), 1), alice().toMetaData())
                    .expectEvents(new DocumentMetadataUpdated(ID, TITLE, List.of()));
        }

        @Test
        void the_current_title_and_tags_again_change_nothing_but_succeed() {
            fixture.given(created())
                    .when(metadata(TITLE, TAGS, 1), alice().toMetaData())
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(new CommandResult(ID, 1));
        }

        @Test
        void a_title_that_differs_only_in_surrounding_spaces_changes_nothing() {
            fixture.given(created())
                    .when(metadata("  " + TITLE + " ", null, 1), alice().toMetaData())
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void the_new_title_follows_the_title_rules() {
            fixture.given(created())
                    .when(metadata("t".repeat(201), null, 1), alice().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(INVALID, "title"));
        }

        @Test
        void the_new_tags_follow_the_tag_rules() {
            fixture.given(created())
                    .when(metadata(null, List.of("Final"), 1), alice().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(INVALID, "tags[0]"));
        }

        @Test
        void the_metadata_of_an_archived_document_cannot_change() {
            fixture.given(created(), archived())
                    .when(metadata("Plans", null, 2), alice().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(CONFLICT));
        }

        @Test
        void a_stale_expected_version_is_rejected_with_the_current_version() {
            fixture.given(created(), metadataUpdated("Plans", TAGS))
                    .when(metadata("Ideas", null, 1), alice().toMetaData())
                    .expectNoEvents()
                    .expectException(staleWithCurrentVersion(2));
        }

        @Test
        void the_comparison_is_with_the_metadata_as_last_updated() {
            fixture.given(created(), metadataUpdated("Plans", List.of("q3")))
                    .when(metadata("Plans", List.of("q3"), 2), alice().toMetaData())
                    .expectNoEvents()
                    .expectResultMessagePayload(new CommandResult(ID, 2));
        }
    }

    @Nested
    class Publish {

        @Test
        void a_publisher_can_publish_the_document() {
            fixture.given(created(), granted("bob", PUBLISHER))
                    .when(publish(null), bob().toMetaData())
                    .expectEvents(new DocumentPublished(ID, 1, 3, "bob"))
                    .expectResultMessagePayload(new PublishResult(ID, 1, 3));
        }

        @Test
        void the_owner_can_publish_the_document() {
            fixture.given(created())
                    .when(publish(null), alice().toMetaData())
                    .expectEvents(new DocumentPublished(ID, 1, 2, "alice"))
                    .expectResultMessagePayload(new PublishResult(ID, 1, 2));
        }

        @Test
        void an_editor_cannot_publish_the_document() {
            fixture.given(created(), granted("bob", EDITOR))
                    .when(publish(null), bob().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(FORBIDDEN));
        }

        @Test
        void a_stranger_is_told_the_document_does_not_exist() {
            fixture.given(created())
                    .when(publish(null), carol().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(NOT_FOUND));
        }

        @Test
        void an_admin_can_publish_without_a_role_on_the_document() {
            fixture.given(created())
                    .when(publish(null), admin().toMetaData())
                    .expectEvents(new DocumentPublished(ID, 1, 2, "root"));
        }

        @Test
        void published_versions_are_numbered_1_2_3_per_document() {
            fixture.givenCommands(
                            by(alice(), create(TITLE, CONTENT, TAGS)),
                            by(alice(), publish(null)),
                            by(alice(), edit("Hello again", 2)),
                            by(alice(), publish(null)))
                    .when(publish(null), alice().toMetaData())
                    .expectEvents(new DocumentPublished(ID, 3, 5, "alice"))
                    .expectResultMessagePayload(new PublishResult(ID, 3, 5));
        }

        @Test
        void the_document_version_is_the_version_after_the_publish_event() {
            fixture.given(created(), edited(CONTENT, "Hello!"), granted("bob", VIEWER))
                    .when(publish(3L), alice().toMetaData())
                    .expectEvents(new DocumentPublished(ID, 1, 4, "alice"))
                    .expectResultMessagePayload(new PublishResult(ID, 1, 4));
        }

        @Test
        void publishing_again_without_changes_still_publishes_a_new_version() {
            fixture.given(created(), published(1, 2))
                    .when(publish(null), alice().toMetaData())
                    .expectEvents(new DocumentPublished(ID, 2, 3, "alice"));
        }

        @Test
        void an_archived_document_cannot_be_published() {
            fixture.given(created(), archived())
                    .when(publish(null), alice().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(CONFLICT));
        }

        @Test
        void publishing_at_the_expected_version_succeeds() {
            fixture.given(created(), edited(CONTENT, "Hello!"))
                    .when(publish(2L), alice().toMetaData())
                    .expectEvents(new DocumentPublished(ID, 1, 3, "alice"));
        }

        @Test
        void publishing_at_a_stale_expected_version_is_rejected_with_the_current_version() {
            fixture.given(created(), edited(CONTENT, "Hello!"))
                    .when(publish(1L), alice().toMetaData())
                    .expectNoEvents()
                    .expectException(staleWithCurrentVersion(2));
        }
    }

    @Nested
    class Archive {

        @Test
        void the_owner_can_archive_the_document() {
            fixture.given(created())
                    .when(archive(null), alice().toMetaData())
                    .expectEvents(new DocumentArchived(ID))
                    .expectResultMessagePayload(new CommandResult(ID, 2));
        }

        @Test
        void a_publisher_cannot_archive_the_document() {
            fixture.given(created(), granted("bob", PUBLISHER))
                    .when(archive(null), bob().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(FORBIDDEN));
        }

        @Test
        void an_admin_can_archive_the_document() {
            fixture.given(created())
                    .when(archive(null), admin().toMetaData())
                    .expectEvents(new DocumentArchived(ID));
        }

        @Test
        void archiving_twice_changes_nothing_but_succeeds() {
            fixture.given(created(), archived())
                    .when(archive(null), alice().toMetaData())
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(new CommandResult(ID, 2));
        }

        @Test
        void archiving_at_a_stale_expected_version_is_rejected_with_the_current_version() {
            fixture.given(created(), granted("bob", EDITOR))
                    .when(archive(1L), alice().toMetaData())
                    .expectNoEvents()
                    .expectException(staleWithCurrentVersion(2));
        }

        @Test
        void roles_can_still_be_granted_on_an_archived_document() {
            fixture.given(created(), archived())
                    .when(grant("bob", VIEWER), alice().toMetaData())
                    .expectEvents(new DocumentRoleGranted(ID, "bob", VIEWER))
                    .expectResultMessagePayload(new CommandResult(ID, 3));
        }

        @Test
        void roles_can_still_be_revoked_on_an_archived_document() {
            fixture.given(created(), granted("bob", EDITOR), archived())
                    .when(revoke("bob"), alice().toMetaData())
                    .expectEvents(new DocumentRoleRevoked(ID, "bob", EDITOR));
        }
    }

    @Nested
    class Delete {

        @Test
        void the_owner_can_delete_the_document() {
            fixture.given(created())
                    .when(delete(null), alice().toMetaData())
                    .expectEvents(new DocumentDeleted(ID))
                    .expectMarkedDeleted()
                    .expectResultMessagePayload(new CommandResult(ID, 2));
        }

        @Test
        void a_publisher_cannot_delete_the_document() {
            fixture.given(created(), granted("bob", PUBLISHER))
                    .when(delete(null), bob().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(FORBIDDEN));
        }

        @Test
        void a_stranger_is_told_the_document_does_not_exist() {
            fixture.given(created())
                    .when(delete(null), carol().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(NOT_FOUND));
        }

        @Test
        void an_admin_can_delete_the_document() {
            fixture.given(created())
                    .when(delete(null), admin().toMetaData())
                    .expectEvents(new DocumentDeleted(ID))
                    .expectMarkedDeleted();
        }

        @Test
        void deleting_at_a_stale_expected_version_is_rejected_with_the_current_version() {
            fixture.given(created(), granted("bob", EDITOR))
                    .when(delete(1L), alice().toMetaData())
                    .expectNoEvents()
                    .expectException(staleWithCurrentVersion(2));
        }

        @Test
        void a_deleted_document_rejects_every_further_command() {
            fixture.givenCommands(by(alice(), create(TITLE, CONTENT, TAGS)), by(alice(), delete(null)))
                    .when(grant("bob", VIEWER), alice().toMetaData())
                    .expectNoEvents()
                    .expectException(AggregateDeletedException.class)
                    .expectExceptionMessage("Aggregate with identifier [doc-1] not found. It has been deleted.");
        }

        @Test
        void an_erased_document_rejects_every_further_command_even_from_an_admin() {
            fixture.given(created(), new DocumentErased(ID, "erasure-1"))
                    .when(edit("back", 2), admin().toMetaData())
                    .expectNoEvents()
                    .expectException(AggregateDeletedException.class);
        }

        @Test
        void after_its_erasure_a_document_read_back_with_erased_fields_still_loads_as_deleted() {
            fixture.given(new DocumentCreated(ID, "[erased]", "", List.of(), "[erased]"),
                            new DocumentContentEdited(ID, new TextDelta(List.of())), new DocumentErased(ID, "e"))
                    .when(grant("bob", VIEWER), admin().toMetaData())
                    .expectNoEvents()
                    .expectException(AggregateDeletedException.class);
        }

        @Test
        void an_erased_grantee_holds_no_role() {
            fixture.given(created(), granted("[erased]", EDITOR))
                    .when(edit("by nobody", 2), new Actor("[erased]", java.util.Set.of()).toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(NOT_FOUND));
        }

        @Test
        void a_deleted_document_cannot_be_deleted_again() {
            fixture.given(created(), deleted())
                    .when(delete(null), alice().toMetaData())
                    .expectNoEvents()
                    .expectException(AggregateDeletedException.class);
        }
    }

    @Nested
    class Grant {

        @Test
        void the_owner_can_grant_a_role() {
            fixture.given(created())
                    .when(grant("bob", EDITOR), alice().toMetaData())
                    .expectEvents(new DocumentRoleGranted(ID, "bob", EDITOR))
                    .expectResultMessagePayload(new CommandResult(ID, 2));
        }

        @Test
        void a_publisher_cannot_grant_roles() {
            fixture.given(created(), granted("bob", PUBLISHER))
                    .when(grant("carol", VIEWER), bob().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(FORBIDDEN));
        }

        @Test
        void an_admin_can_grant_roles() {
            fixture.given(created())
                    .when(grant("bob", PUBLISHER), admin().toMetaData())
                    .expectEvents(new DocumentRoleGranted(ID, "bob", PUBLISHER));
        }

        @Test
        void the_owner_role_cannot_be_granted() {
            fixture.given(created())
                    .when(grant("bob", OWNER), alice().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(INVALID, "role"));
        }

        @Test
        void a_missing_role_is_rejected() {
            fixture.given(created())
                    .when(grant("bob", null), alice().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(INVALID, "role"));
        }

        @Test
        void a_blank_user_id_is_rejected() {
            fixture.given(created())
                    .when(grant("", VIEWER), alice().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(INVALID, "userId"));
        }

        @Test
        void granting_a_role_to_the_owner_is_a_conflict() {
            fixture.given(created())
                    .when(grant("alice", EDITOR), alice().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(CONFLICT));
        }

        @Test
        void granting_the_same_role_again_changes_nothing_but_succeeds() {
            fixture.given(created(), granted("bob", EDITOR))
                    .when(grant("bob", EDITOR), alice().toMetaData())
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(new CommandResult(ID, 2));
        }

        @Test
        void granting_another_role_replaces_the_previous_one() {
            fixture.given(created(), granted("bob", PUBLISHER))
                    .when(grant("bob", VIEWER), alice().toMetaData())
                    .expectEvents(new DocumentRoleGranted(ID, "bob", VIEWER));
        }

        @Test
        void a_granted_editor_can_then_edit() {
            fixture.givenCommands(by(alice(), create(TITLE, CONTENT, TAGS)), by(alice(), grant("bob", EDITOR)))
                    .when(edit("Hello, world", 2), bob().toMetaData())
                    .expectEvents(new DocumentContentEdited(ID, delta(5L, ", world")));
        }

        @Test
        void a_user_lowered_to_viewer_can_no_longer_edit() {
            fixture.given(created(), granted("bob", EDITOR), granted("bob", VIEWER))
                    .when(edit("Hello, world", 3), bob().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(FORBIDDEN));
        }
    }

    @Nested
    class Revoke {

        @Test
        void the_owner_can_revoke_a_role() {
            fixture.given(created(), granted("bob", EDITOR))
                    .when(revoke("bob"), alice().toMetaData())
                    .expectEvents(new DocumentRoleRevoked(ID, "bob", EDITOR))
                    .expectResultMessagePayload(new CommandResult(ID, 3));
        }

        @Test
        void a_publisher_cannot_revoke_roles() {
            fixture.given(created(), granted("bob", PUBLISHER), granted("carol", VIEWER))
                    .when(revoke("carol"), bob().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(FORBIDDEN));
        }

        @Test
        void revoking_a_non_member_changes_nothing_but_succeeds() {
            fixture.given(created())
                    .when(revoke("carol"), alice().toMetaData())
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(new CommandResult(ID, 1));
        }

        @Test
        void the_owners_role_cannot_be_revoked() {
            fixture.given(created())
                    .when(revoke("alice"), alice().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(CONFLICT));
        }

        @Test
        void a_revoked_user_is_told_the_document_does_not_exist() {
            fixture.givenCommands(
                            by(alice(), create(TITLE, CONTENT, TAGS)),
                            by(alice(), grant("bob", EDITOR)),
                            by(alice(), revoke("bob")))
                    .when(edit("Hello, world", 3), bob().toMetaData())
                    .expectNoEvents()
                    .expectException(rejectedAs(NOT_FOUND));
        }
    }

    @Nested
    class LargeContent {

        private final ChunkRef a = chunk('a', 300);
        private final ChunkRef b = chunk('b', 200);
        private final ChunkRef c = chunk('c', 100);
        private final StoredContent ab = stored(a, b);

        @Test
        void creating_with_stored_content_records_creation_then_the_chunk_list() {
            fixture.givenNoPriorActivity()
                    .when(new CreateDocument(ID, TITLE, "", TAGS, ab), alice().toMetaData())
                    .expectEvents(new DocumentCreated(ID, TITLE, "", TAGS, "alice"),
                            new DocumentContentStored(ID, List.of(a, b), 500, ab.sha256()));
        }

        @Test
        void storing_content_records_the_whole_chunk_list_and_never_content() {
            StoredContent ac = stored(a, c);
            fixture.given(created(), new DocumentContentStored(ID, List.of(a, b), 500, ab.sha256()))
                    .when(new StoreDocumentContent(ID, ac, 2), alice().toMetaData())
                    .expectEvents(new DocumentContentStored(ID, List.of(a, c), 400, ac.sha256()))
                    .expectResultMessagePayload(new CommandResult(ID, 3));
        }

        @Test
        void storing_the_same_content_again_changes_nothing() {
            fixture.given(created(), new DocumentContentStored(ID, List.of(a, b), 500, ab.sha256()))
                    .when(new StoreDocumentContent(ID, ab, 2), alice().toMetaData())
                    .expectNoEvents()
                    .expectResultMessagePayload(new CommandResult(ID, 2));
        }

        @Test
        void small_content_replaces_stored_content_inline() {
            fixture.given(created(), new DocumentContentStored(ID, List.of(a, b), 500, ab.sha256()))
                    .when(edit("small again", 2), alice().toMetaData())
                    .expectEvents(new DocumentContentReplaced(ID, "small again"));
        }

        @Test
        void small_content_edits_after_a_replacement_are_deltas_again() {
            fixture.given(created(), new DocumentContentStored(ID, List.of(a, b), 500, ab.sha256()),
                            new DocumentContentReplaced(ID, "small"))
                    .when(edit("smaller", 3), alice().toMetaData())
                    .expectEvents(edited("small", "smaller"));
        }

        @Test
        void stored_content_over_the_limit_is_too_large() {
            StoredContent huge = new StoredContent(List.of(chunk('d', LIMIT + 1)), LIMIT + 1, sha('e'));
            fixture.given(created())
                    .when(new StoreDocumentContent(ID, huge, 1), alice().toMetaData())
                    .expectException(rejectedAs(Kind.TOO_LARGE, "content"))
                    .expectNoEvents();
        }

        @Test
        void chunks_that_do_not_add_up_are_refused() {
            StoredContent wrong = new StoredContent(List.of(a, b), 1, sha('f'));
            fixture.given(created())
                    .when(new StoreDocumentContent(ID, wrong, 1), alice().toMetaData())
                    .expectException(rejectedAs(Kind.INVALID, "content"))
                    .expectNoEvents();
        }

        @Test
        void inline_content_over_the_inline_limit_is_refused() {
            AggregateTestFixture<Document> inlineLimited = new AggregateTestFixture<>(Document.class);
            inlineLimited.registerInjectableResource(new DocumentRules(LIMIT, 10));
            inlineLimited.givenNoPriorActivity()
                    .when(create(TITLE, "more than ten bytes", TAGS), alice().toMetaData())
                    .expectException(rejectedAs(Kind.INVALID, "content"))
                    .expectNoEvents();
        }

        @Test
        void a_byte_range_of_inline_content_is_replaced_as_a_delta_at_the_expected_version() {
            fixture.given(created(), edited(CONTENT, "naïve text"))
                    .when(new ReplaceContentRange(ID, 7, 11, "prose", 2), alice().toMetaData())
                    .expectEvents(edited("naïve text", "naïve prose"))
                    .expectResultMessagePayload(new CommandResult(ID, 3));
        }

        @Test
        void a_range_replacement_checks_role_version_archive_and_boundaries_like_any_edit() {
            fixture.given(created())
                    .when(new ReplaceContentRange(ID, 0, 1, "J", 1), carol().toMetaData())
                    .expectException(rejectedAs(Kind.NOT_FOUND))
                    .expectNoEvents();
            fixture.given(created(), edited(CONTENT, "Hi"))
                    .when(new ReplaceContentRange(ID, 0, 1, "J", 1), alice().toMetaData())
                    .expectException(rejectedAs(Kind.STALE_VERSION))
                    .expectNoEvents();
            fixture.given(created(), archived())
                    .when(new ReplaceContentRange(ID, 0, 1, "J", 2), alice().toMetaData())
                    .expectException(rejectedAs(Kind.CONFLICT))
                    .expectNoEvents();
            fixture.given(created(), edited(CONTENT, "ï"))
                    .when(new ReplaceContentRange(ID, 1, 2, "i", 2), alice().toMetaData())
                    .expectException(rejectedAs(Kind.INVALID, "start"))
                    .expectNoEvents();
        }

        @Test
        void only_editors_store_content_and_never_in_an_archived_document() {
            fixture.given(created())
                    .when(new StoreDocumentContent(ID, ab, 1), carol().toMetaData())
                    .expectException(rejectedAs(Kind.NOT_FOUND))
                    .expectNoEvents();
            fixture.given(created(), archived())
                    .when(new StoreDocumentContent(ID, ab, 2), alice().toMetaData())
                    .expectException(rejectedAs(Kind.CONFLICT))
                    .expectNoEvents();
        }

        private static ChunkRef chunk(char fill, long size) {
            return new ChunkRef(sha(fill), size, "gzip");
        }

        /** A well-formed SHA-256 made of one hex digit. */
        private static String sha(char digit) {
            return String.valueOf(digit).repeat(64);
        }

        private static StoredContent stored(ChunkRef... chunks) {
            long size = java.util.Arrays.stream(chunks).mapToLong(ChunkRef::size).sum();
            StringBuilder digits = new StringBuilder();
            for (ChunkRef chunk : chunks) {
                digits.append(chunk.sha256().charAt(0));
            }
            return new StoredContent(List.of(chunks), size, digits.toString().repeat(64).substring(0, 64));
        }
    }

    // --- actors ---------------------------------------------------------------------------------------

    private static Actor alice() {
        return Actor.user("alice");
    }

    private static Actor bob() {
        return Actor.user("bob");
    }

    private static Actor carol() {
        return Actor.user("carol");
    }

    private static Actor admin() {
        return new Actor("root", Set.of(Actor.ADMIN));
    }

    private static Actor auditor() {
        return new Actor("audrey", Set.of(Actor.AUDITOR));
    }

    /** A command sent by {@code actor}, for {@code givenCommands}. */
    private static CommandMessage<?> by(Actor actor, Object command) {
        return GenericCommandMessage.asCommandMessage(command).andMetaData(actor.toMetaData());
    }

    // --- commands -------------------------------------------------------------------------------------

    private static CreateDocument create(String title, String content, List<String> tags) {
        return new CreateDocument(ID, title, content, tags);
    }

    private static EditDocumentContent edit(String content, long expectedVersion) {
        return new EditDocumentContent(ID, content, expectedVersion);
    }

    private static UpdateDocumentMetadata metadata(String title, List<String> tags, long expectedVersion) {
        return new UpdateDocumentMetadata(ID, title, tags, expectedVersion);
    }

    private static PublishDocument publish(Long expectedVersion) {
        return new PublishDocument(ID, expectedVersion);
    }

    private static ArchiveDocument archive(Long expectedVersion) {
        return new ArchiveDocument(ID, expectedVersion);
    }

    private static DeleteDocument delete(Long expectedVersion) {
        return new DeleteDocument(ID, expectedVersion);
    }

    private static GrantDocumentRole grant(String userId, DocumentRole role) {
        return new GrantDocumentRole(ID, userId, role);
    }

    private static RevokeDocumentRole revoke(String userId) {
        return new RevokeDocumentRole(ID, userId);
    }

    // --- events ---------------------------------------------------------------------------------------

    /** Alice's document "Notes", content "Hello", tagged "draft". */
    private static DocumentCreated created() {
        return created(CONTENT);
    }

    private static DocumentCreated created(String content) {
        return new DocumentCreated(ID, TITLE, content, TAGS, "alice");
    }

    private static DocumentContentEdited edited(String from, String to) {
        return new DocumentContentEdited(ID, ContentDiff.between(from, to));
    }

    private static DocumentMetadataUpdated metadataUpdated(String title, List<String> tags) {
        return new DocumentMetadataUpdated(ID, title, tags);
    }

    private static DocumentPublished published(int publishedVersion, long documentVersion) {
        return new DocumentPublished(ID, publishedVersion, documentVersion, "alice");
    }

    private static DocumentArchived archived() {
        return new DocumentArchived(ID);
    }

    private static DocumentDeleted deleted() {
        return new DocumentDeleted(ID);
    }

    private static DocumentRoleGranted granted(String userId, DocumentRole role) {
        return new DocumentRoleGranted(ID, userId, role);
    }

    // --- values ---------------------------------------------------------------------------------------

    private static TextDelta delta(Object... ops) {
        return new TextDelta(List.of(ops));
    }

    /** "Paragraph 1." to "Paragraph n.", one a line. */
    private static String numberedLines(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> "Paragraph " + i + ".\n").collect(Collectors.joining());
    }

    /** {@code tag-1} ... {@code tag-n}. */
    private static List<String> tags(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> "tag-" + i).toList();
    }

    // --- matchers -------------------------------------------------------------------------------------

    private static Matcher<DomainException> rejectedAs(Kind kind) {
        return domainException("kind", DomainException::kind, kind);
    }

    private static Matcher<DomainException> rejectedAs(Kind kind, String field) {
        return allOf(rejectedAs(kind), domainException("field", DomainException::field, field));
    }

    private static Matcher<DomainException> staleWithCurrentVersion(long currentVersion) {
        return allOf(rejectedAs(STALE_VERSION),
                domainException("currentVersion", DomainException::currentVersion, currentVersion));
    }

    private static <V> Matcher<DomainException> domainException(String name, Function<DomainException, V> feature,
                                                               V expected) {
        return new FeatureMatcher<>(equalTo(expected), "a DomainException with " + name, name) {
            @Override
            protected V featureValueOf(DomainException actual) {
                return feature.apply(actual);
            }
        };
    }

    /** The published events are exactly one {@code type} event that satisfies {@code check}. */
    private static <E> Matcher<List<Message<?>>> onlyEvent(Class<E> type, String description, Predicate<E> check) {
        Matcher<Object> payload = new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(Object item) {
                return type.isInstance(item) && check.test(type.cast(item));
            }

            @Override
            public void describeTo(Description text) {
                text.appendText(type.getSimpleName() + " with " + description);
            }
        };
        return payloadsMatching(exactSequenceOf(payload, andNoMore()));
    }
}
