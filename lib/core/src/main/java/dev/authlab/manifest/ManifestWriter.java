package dev.authlab.manifest;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.KubernetesListBuilder;
import java.util.List;
import java.util.Objects;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Writes fabric8 objects as YAML or JSON the way {@code kubectl get -o yaml|json} prints them:
 * {@code apiVersion} and {@code kind} first (fabric8's property order), unset and empty fields left
 * out (fabric8's annotations), no {@code ---} before a single object, and quotes only where YAML
 * needs them ({@code '*'}, {@code ""}, {@code "true"}, {@code "8080"}). Several objects are written as
 * a {@code v1 List}, as kubectl does. Output ends with a newline.
 */
public final class ManifestWriter {

  /** The {@code -o} formats. */
  public enum Format {
    YAML,
    JSON
  }

  // Immutable Jackson 3 writers: safe to share.
  private static final ObjectWriter YAML = YAMLMapper.builder()
      .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
      .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
      // a string that looks like a number must stay quoted, or reading it back gives a number
      .enable(YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
      .disable(YAMLWriteFeature.SPLIT_LINES)
      .build()
      .writer();
  private static final ObjectWriter JSON = JsonMapper.builder()
      .defaultPrettyPrinter(kubectlJsonPrinter())
      .build()
      .writerWithDefaultPrettyPrinter();

  private ManifestWriter() {}

  /** One object (or any fabric8 model value) in the given format. */
  public static String write(Object value, Format format) {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(format, "format");
    String text = switch (format) {
      case YAML -> YAML.writeValueAsString(value);
      case JSON -> JSON.writeValueAsString(value);
    };
    return text.endsWith("\n") ? text : text + "\n";
  }

  /** Objects wrapped in a {@code v1 List}, as {@code kubectl get} prints more than one. */
  public static String writeList(List<? extends HasMetadata> items, Format format) {
    return write(asList(items), format);
  }

  public static String toYaml(Object value) {
    return write(value, Format.YAML);
  }

  public static String toJson(Object value) {
    return write(value, Format.JSON);
  }

  /** A {@code v1 List} holding these objects. */
  public static KubernetesList asList(List<? extends HasMetadata> items) {
    return new KubernetesListBuilder().withItems(List.copyOf(items)).build();
  }

  /** kubectl's JSON layout: four-space indent, one array element per line, {@code "key": value}. */
  private static DefaultPrettyPrinter kubectlJsonPrinter() {
    DefaultIndenter indenter = new DefaultIndenter("    ", "\n");
    Separators separators = Separators.createDefaultInstance()
        .withObjectNameValueSpacing(Separators.Spacing.AFTER)
        .withObjectEmptySeparator("")
        .withArrayEmptySeparator("");
    return new DefaultPrettyPrinter(separators).withObjectIndenter(indenter).withArrayIndenter(indenter);
  }
}
