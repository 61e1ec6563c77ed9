package dev.authlab.cli;

import dev.authlab.authn.AuthnSettings;
import dev.authlab.authn.serviceaccount.InMemoryServiceAccountObjects;
import dev.authlab.manifest.Manifests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * --objects: the ServiceAccounts, Secrets, Pods and Nodes a cluster would hold, so service-account
 * tokens can be checked offline (a bound token is rejected once its pod is gone; a legacy token
 * needs its Secret).
 */
public final class ObjectsOptions {

  private static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.of("ServiceAccount", ServiceAccount.class, "Secret", Secret.class, "Pod", Pod.class, "Node", Node.class);

  @Option(names = "--objects", paramLabel = "FILE", description = "YAML/JSON with the ServiceAccounts, Secrets, Pods and Nodes tokens are bound to (repeatable).")
  List<Path> files = new ArrayList<>();

  AuthnSettings.Environment environment() {
    List<HasMetadata> objects = new ArrayList<>();
    JsonMapper mapper = JsonMapper.builder().build();
    for (Path file : files) {
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        throw new UserError("--objects " + file + ": no such file");
      } catch (IOException e) {
        throw new UserError("--objects " + file + ": cannot read it: " + e.getMessage());
      }
      for (Manifests.Document document : Manifests.documents(file.toString(), text)) {
        JsonNode node = document.node();
        if (node == null || !node.isObject()) {
          continue;
        }
        Class<? extends HasMetadata> type = KINDS.get(node.path("kind").asString(""));
        if (type == null) {
          continue;
        }
        try {
          objects.add(mapper.treeToValue(node, type));
        } catch (JacksonException e) {
          throw new UserError(document.source() + ": " + AuthnFlags.oneLine(e.getOriginalMessage()));
        }
      }
    }
    return AuthnSettings.Environment.defaults().withObjects(InMemoryServiceAccountObjects.of(objects));
  }
}
