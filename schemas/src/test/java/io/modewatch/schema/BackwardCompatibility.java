package io.modewatch.schema;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * The BACKWARD rule of a schema registry: consumers on the new schema must read everything
 * producers wrote with the old one, because topics keep old records and producers upgrade last.
 */
final class BackwardCompatibility {

  private BackwardCompatibility() {}

  /**
   * Why {@code current} cannot read data written with {@code previous}, one line per
   * incompatibility, each naming the schema and the field; empty when it can.
   */
  static List<String> problems(String schemaName, Schema current, Schema previous) {
    SchemaPairCompatibility result =
        SchemaCompatibility.checkReaderWriterCompatibility(current, previous);
    if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
      return List.of();
    }
    return result.getResult().getIncompatibilities().stream()
        .map(i -> schemaName + ": " + i.getType() + " at " + fieldPath(current, i)
            + " (" + i.getLocation() + "): " + i.getMessage())
        .toList();
  }

  /**
   * Turns Avro's JSON-pointer location into field names ("sampling.seed"), which is what a
   * developer searches the .avsc for; Avro only reports positions ("/fields/11/type/fields/3").
   */
  private static String fieldPath(Schema reader, Incompatibility incompatibility) {
    List<String> names = new ArrayList<>();
    Schema node = reader;
    String[] steps = incompatibility.getLocation().split("/");
    for (int i = 0; i < steps.length && node != null; i++) {
      String step = steps[i];
      if (step.equals("fields") && i + 1 < steps.length && node.getType() == Schema.Type.RECORD) {
        Schema.Field field = node.getFields().get(Integer.parseInt(steps[++i]));
        names.add(field.name());
        node = field.schema();
      } else if (step.equals("items") && node.getType() == Schema.Type.ARRAY) {
        node = node.getElementType();
      } else if (step.equals("values") && node.getType() == Schema.Type.MAP) {
        node = node.getValueType();
      } else if (step.matches("\\d+") && node.getType() == Schema.Type.UNION) {
        node = node.getTypes().get(Integer.parseInt(step));
      }
    }
    return names.isEmpty() ? "the top level" : String.join(".", names);
  }
}
