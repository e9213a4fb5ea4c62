package io.modewatch.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class SchemaCompatibilityTest {

  private final SchemaTree current = SchemaTree.current();
  private final SchemaTree snapshot = SchemaTree.snapshot();

  @Test
  void everySchemaIsBackwardCompatibleWithItsCommittedSnapshot() {
    List<String> problems = new ArrayList<>();
    for (String file : current.files()) {
      if (snapshot.has(file)) {
        problems.addAll(BackwardCompatibility.problems(file, current.parse(file), snapshot.parse(file)));
      }
    }
    assertThat(problems)
        .as("schemas that can no longer read data written with their committed snapshot in "
            + snapshot.root() + "; make the change compatible (e.g. give a new field a default)"
            + " or, for a real breaking change, a new schema and topic")
        .isEmpty();
  }

  @Test
  void everySchemaHasASnapshot() {
    List<String> missing = current.files().stream().filter(f -> !snapshot.has(f)).toList();
    assertThat(missing)
        .as("schemas without a snapshot; copy them to " + snapshot.root() + " once they are final")
        .isEmpty();
  }

  @Test
  void everySnapshotStillHasItsSchema() {
    // Deleting a schema strands every record and consumer of its topic; that is never compatible.
    List<String> orphaned = snapshot.files().stream().filter(f -> !current.has(f)).toList();
    assertThat(orphaned).as("snapshots whose schema was deleted or renamed").isEmpty();
  }

  @Test
  void theCheckFindsTheSchemasToCompare() {
    // Guards the two tests above against passing vacuously when run from the wrong directory.
    assertThat(current.files()).contains("PromptEvent.avsc", "common/ViewDistances.avsc");
    assertThat(snapshot.files()).contains("PromptEvent.avsc", "common/ViewDistances.avsc");
  }

  @Test
  void aNewRequiredFieldWithoutDefaultIsReportedAsIncompatible() {
    Schema committed = snapshot.parse("PromptEvent.avsc");
    Schema evolved = withExtraField(committed,
        new Schema.Field("tenant", Schema.create(Schema.Type.STRING), "Tenant of the prompt."));

    assertThat(BackwardCompatibility.problems("PromptEvent.avsc", evolved, committed))
        .singleElement()
        .asString()
        .contains("PromptEvent.avsc", "READER_FIELD_MISSING_DEFAULT", "tenant");
  }

  @Test
  void aNewOptionalFieldWithNullDefaultIsCompatible() {
    Schema committed = snapshot.parse("PromptEvent.avsc");
    Schema optional = Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING));
    Schema evolved = withExtraField(committed,
        new Schema.Field("tenant", optional, "Tenant of the prompt.", JsonProperties.NULL_VALUE));

    assertThat(BackwardCompatibility.problems("PromptEvent.avsc", evolved, committed)).isEmpty();
  }

  @Test
  void aChangedFieldTypeIsReportedAsIncompatible() {
    Schema committed = snapshot.parse("SampledContinuation.avsc");
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : committed.getFields()) {
      fields.add(f.name().equals("sample_index")
          ? new Schema.Field(f.name(), Schema.create(Schema.Type.STRING), f.doc())
          : new Schema.Field(f, f.schema()));
    }
    Schema evolved = copyWithFields(committed, fields);

    assertThat(BackwardCompatibility.problems("SampledContinuation.avsc", evolved, committed))
        .singleElement()
        .asString()
        .contains("SampledContinuation.avsc", "TYPE_MISMATCH", "sample_index");
  }

  @Test
  void aRemovedEnumSymbolIsReportedAsIncompatible() {
    Schema committed = snapshot.parse("common/NoveltyKind.avsc");
    Schema evolved = Schema.createEnum(committed.getName(), committed.getDoc(),
        committed.getNamespace(), List.of("SEMANTIC", "MECHANISTIC"));

    assertThat(BackwardCompatibility.problems("common/NoveltyKind.avsc", evolved, committed))
        .singleElement()
        .asString()
        .contains("common/NoveltyKind.avsc", "MISSING_ENUM_SYMBOLS", "BOTH");
  }

  private static Schema withExtraField(Schema record, Schema.Field extra) {
    List<Schema.Field> fields = new ArrayList<>();
    // A Field belongs to one record, so the existing ones are copied rather than reused.
    record.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
    fields.add(extra);
    return copyWithFields(record, fields);
  }

  private static Schema copyWithFields(Schema record, List<Schema.Field> fields) {
    return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
  }
}
