package io.modewatch.models.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsFileTest {

    @TempDir
    Path dir;

    @Test
    void tensorsWrittenAreReadBackWithTheirShapesAndValues() {
        Map<String, HostTensor> tensors = Map.of(
                "a.weight", new HostTensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, -6.5f}),
                "b.bias", new HostTensor(new long[] {2}, new float[] {0.25f, -1e-8f}));
        Path file = dir.resolve("model.safetensors");
        SafetensorsFile.write(file, tensors);
        assertThat(SafetensorsFile.read(file)).isEqualTo(tensors);
    }

    @Test
    void halfPrecisionValuesWidenExactly() {
        assertThat(SafetensorsFile.halfToFloat((short) 0x3c00)).isEqualTo(1f);
        assertThat(SafetensorsFile.halfToFloat((short) 0xc000)).isEqualTo(-2f);
        assertThat(SafetensorsFile.halfToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(SafetensorsFile.halfToFloat((short) 0x7bff)).isEqualTo(65504f);
    }

    @Test
    void aFileThatIsNotSafetensorsIsRefused() throws Exception {
        Path file = dir.resolve("bad.safetensors");
        Files.write(file, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3, 4, 5});
        assertThatThrownBy(() -> SafetensorsFile.read(file)).isInstanceOf(CheckpointException.class);
    }
}
