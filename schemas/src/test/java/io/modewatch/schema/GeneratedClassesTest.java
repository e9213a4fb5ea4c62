package io.modewatch.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class GeneratedClassesTest {

  @Test
  void everySchemaFileHasAGeneratedClassCarryingTheSameSchema() throws ReflectiveOperationException {
    // Ties the compatibility check on the .avsc files to what services actually serialise with.
    SchemaTree current = SchemaTree.current();
    for (String file : current.files()) {
      Schema parsed = current.parse(file);
      Class<?> generated = Class.forName(parsed.getFullName());
      Schema carried = (Schema) generated.getMethod("getClassSchema").invoke(null);
      assertThat(withoutJavaStringHints(carried)).as(file).isEqualTo(parsed);
    }
  }

  /**
   * The compiler marks every string with {@code "avro.java.string": "String"} (our stringType);
   * the hint only steers Java decoding, so it is removed before comparing with the source.
   */
  private static Schema withoutJavaStringHints(Schema generated) {
    String json = generated.toString()
        .replace("{\"type\":\"string\",\"avro.java.string\":\"String\"}", "\"string\"")
        .replace(",\"avro.java.string\":\"String\"", "");
    return new Schema.Parser().parse(json);
  }

  @Test
  void aSampledContinuationSurvivesABinaryRoundTrip() throws IOException {
    SampledContinuation original = SampledContinuation.newBuilder()
        .setContinuationId("p-1/0")
        .setPromptId("p-1")
        .setScope("greeting")
        .setSampleIndex(0)
        .setModelId("tiny-gpt")
        .setModelVersion("2026-11-01")
        .setPrefix("Hello,")
        .setContinuation(" world")
        .setTokenIds(List.of(995))
        .setTokenLogprobs(List.of(-0.25f))
        .setWeight(Math.exp(-0.25))
        .setSampling(SamplingParameters.newBuilder()
            .setTemperature(1.0).setTopP(0.95).setMaxNewTokens(32).setSeed(42L).build())
        .setPromptTimestamp(Instant.ofEpochMilli(1_700_000_000_000L))
        .setSampledTimestamp(Instant.ofEpochMilli(1_700_000_000_250L))
        .setAttributes(Map.of("label", "friendly"))
        .build();

    assertThat(roundTrip(original, SampledContinuation.class)).isEqualTo(original);
  }

  @Test
  void optionalFieldsMayBeLeftOutOfTheBuilders() {
    PromptEvent prompt = PromptEvent.newBuilder()
        .setPromptId("p-1")
        .setPrompt("Hello,")
        .setTimestamp(Instant.ofEpochMilli(1_700_000_000_000L))
        .build();

    assertThat(prompt.getScope()).isNull();
    assertThat(prompt.getModelRoute()).isNull();
    assertThat(prompt.getAttributes()).isEmpty();
  }

  @Test
  void aDeadLetterKeepsTheOriginalBytes() throws IOException {
    byte[] garbage = {0, 0, 0, 0, 7, (byte) 0xff};
    DeadLetter original = DeadLetter.newBuilder()
        .setService("sampler")
        .setSourceTopic("llm-prompts")
        .setPartition(3)
        .setOffset(17L)
        .setValue(ByteBuffer.wrap(garbage))
        .setErrorClass("org.apache.kafka.common.errors.SerializationException")
        .setErrorMessage("unknown magic byte")
        .setStage(DeadLetterStage.DESERIALIZATION)
        .setOccurredAt(Instant.ofEpochMilli(1_700_000_001_000L))
        .setHeaders(Map.of("trace", ByteBuffer.wrap("abc".getBytes(StandardCharsets.UTF_8))))
        .build();

    DeadLetter read = roundTrip(original, DeadLetter.class);

    assertThat(read).isEqualTo(original);
    assertThat(read.getKey()).isNull();
    byte[] value = new byte[read.getValue().remaining()];
    read.getValue().get(value);
    assertThat(value).containsExactly(garbage);
  }

  private static <T extends SpecificRecord> T roundTrip(T record, Class<T> type) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    new SpecificDatumWriter<T>(type).write(record, encoder);
    encoder.flush();
    return new SpecificDatumReader<T>(type)
        .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
  }
}
