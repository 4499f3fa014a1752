package org.glimpse.server.manage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.glimpse.core.metadef.MetadefObject;
import org.glimpse.core.metadef.MetadefProperty;
import org.glimpse.core.metadef.MetadefTag;
import org.glimpse.core.metadef.Namespace;
import org.glimpse.core.metadef.NamespaceContent;
import org.glimpse.core.metadef.ResourceTypeAssociation;
import org.glimpse.core.port.MetadefRepository;
import org.glimpse.core.time.ImageClock;
import org.glimpse.server.http.Json;
import org.glimpse.server.v2.metadefs.MetadefJson;

/**
 * The metadata definitions catalog as a directory of JSON files, one namespace each, in the
 * format of Glance's etc/metadefs/*.json (what {@code glance-manage db_load_metadefs} reads and
 * {@code db_export_metadefs} writes): load, export and unload, working on the repository directly
 * as an operator's tool, with no caller and no policy.
 */
public final class MetadefCatalogFiles {
  /** How a load treats a namespace the catalog already has. */
  public record LoadMode(boolean merge, boolean preferNew, boolean overwrite) {}

  private final MetadefRepository repository;
  private final ImageClock clock;
  private final PrintStream out;

  public MetadefCatalogFiles(MetadefRepository repository, ImageClock clock, PrintStream out) {
    this.repository = repository;
    this.clock = clock;
    this.out = out;
  }

  /**
   * Loads every {@code *.json} file of {@code path} (or that one file). A namespace the catalog
   * lacks is created with all its file holds. One it has is skipped, unless {@code overwrite}
   * (deleted and loaded anew) or {@code merge} (what it lacks is added; with {@code preferNew}
   * what both have takes the file's version). A file that cannot be read or loaded is reported
   * and the others are still loaded.
   *
   * @return the number of files that failed
   */
  public int load(Path path, LoadMode mode) throws IOException {
    List<Path> files = jsonFiles(path);
    if (files.isEmpty()) {
      out.println("No metadata definitions files (*.json) in " + path);
      return 1;
    }
    int failed = 0;
    for (Path file : files) {
      try {
        loadFile(file, mode);
      } catch (IOException | RuntimeException e) {
        failed++;
        out.println("Failed to load " + file + ": " + e.getMessage());
      }
    }
    return failed;
  }

  private void loadFile(Path file, LoadMode mode) throws IOException {
    JsonNode doc = Json.MAPPER.readTree(file.toFile());
    if (doc == null || !doc.isObject() || !doc.path("namespace").isTextual()) {
      throw new IllegalArgumentException("not a namespace document (no \"namespace\" name)");
    }
    Instant now = clock.now();
    String name = doc.get("namespace").asText();
    Namespace ns = new Namespace(name, text(doc, "display_name"), text(doc, "description"),
        doc.path("visibility").isTextual() ? doc.get("visibility").asText() : Namespace.PRIVATE,
        doc.path("protected").asBoolean(false), doc.has("owner") ? text(doc, "owner") : "admin", now, now);
    NamespaceContent content = stamp(MetadefJson.namespaceContent(doc), now);
    boolean exists = repository.findNamespace(name).isPresent();
    if (exists && mode.overwrite()) {
      repository.deleteNamespace(name);
      exists = false;
    }
    if (!exists) {
      repository.createNamespace(ns, content);
      out.println("Loaded namespace " + name + " from " + file.getFileName());
      return;
    }
    if (!mode.merge()) {
      out.println("Skipped namespace " + name + ": it already exists (use --merge or --overwrite)");
      return;
    }
    merge(name, ns, content, mode.preferNew());
    out.println("Merged namespace " + name + " from " + file.getFileName());
  }

  private void merge(String name, Namespace ns, NamespaceContent content, boolean preferNew) {
    Namespace current = repository.findNamespace(name).orElseThrow();
    if (preferNew) {
      repository.updateNamespace(name, new Namespace(name, ns.displayName(), ns.description(),
          ns.visibility(), ns.isProtected(), ns.owner(), current.createdAt(), ns.updatedAt()));
    }
    NamespaceContent have = repository.content(name);
    Set<String> types = have.associations().stream().map(ResourceTypeAssociation::name).collect(Collectors.toSet());
    for (ResourceTypeAssociation a : content.associations()) {
      if (!types.contains(a.name())) {
        repository.createAssociation(name, a);
      } else if (preferNew) {
        repository.deleteAssociation(name, a.name());
        repository.createAssociation(name, a);
      }
    }
    Set<String> properties = have.properties().stream().map(MetadefProperty::name).collect(Collectors.toSet());
    for (MetadefProperty p : content.properties()) {
      if (!properties.contains(p.name())) {
        repository.createProperty(name, p);
      } else if (preferNew) {
        repository.updateProperty(name, p.name(), p);
      }
    }
    Set<String> objects = have.objects().stream().map(MetadefObject::name).collect(Collectors.toSet());
    for (MetadefObject o : content.objects()) {
      if (!objects.contains(o.name())) {
        repository.createObject(name, o);
      } else if (preferNew) {
        repository.updateObject(name, o.name(), o);
      }
    }
    Set<String> tags = have.tags().stream().map(MetadefTag::name).collect(Collectors.toSet());
    for (MetadefTag t : content.tags()) {
      if (!tags.contains(t.name())) {
        repository.createTag(name, t);
      }
    }
  }

  /** Writes each namespace to {@code <dir>/<namespace>.json}; returns how many. */
  public int export(Path dir) throws IOException {
    Files.createDirectories(dir);
    int n = 0;
    for (Namespace ns : repository.allNamespaces()) {
      NamespaceContent stored = repository.content(ns.name());
      // objects by name, so that an export does not depend on the order they were loaded in
      NamespaceContent content = new NamespaceContent(stored.associations(), stored.properties(),
          stored.objects().stream().sorted(java.util.Comparator.comparing(MetadefObject::name)).toList(),
          stored.tags());
      ObjectNode doc = MetadefJson.namespace(ns, content, MetadefJson.Form.FILE);
      // catalog files hold objects with their required names and properties only
      if (doc.get("objects") instanceof ArrayNode objects) {
        for (JsonNode o : objects) {
          ((ObjectNode) o).remove(List.of("created_at", "updated_at", "self", "schema"));
        }
      }
      if (doc.get("resource_type_associations") instanceof ArrayNode associations) {
        for (JsonNode a : associations) {
          ((ObjectNode) a).remove(List.of("created_at", "updated_at"));
        }
      }
      Path file = dir.resolve(fileName(ns.name()));
      Files.write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc));
      out.println("Exported namespace " + ns.name() + " to " + file);
      n++;
    }
    return n;
  }

  /** Removes the whole catalog. */
  public void unload() {
    repository.clear();
    out.println("Removed every metadata definition (namespaces, their contents, resource types)");
  }

  /** A file name for a namespace: characters that paths or shells mind become '_'. */
  static String fileName(String namespace) {
    return namespace.replaceAll("[^A-Za-z0-9._-]", "_") + ".json";
  }

  private static List<Path> jsonFiles(Path path) throws IOException {
    if (Files.isRegularFile(path)) {
      return List.of(path);
    }
    if (!Files.isDirectory(path)) {
      throw new IOException("no such file or directory: " + path);
    }
    try (Stream<Path> files = Files.list(path)) {
      return files.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".json"))
          .sorted().toList();
    }
  }

  private static NamespaceContent stamp(NamespaceContent c, Instant now) {
    return new NamespaceContent(
        c.associations().stream().map(a -> new ResourceTypeAssociation(a.name(), a.prefix(),
            a.propertiesTarget(), now, now)).toList(),
        c.properties(),
        c.objects().stream().map(o -> new MetadefObject(o.name(), o.description(), o.required(),
            o.propertiesJson(), now, now)).toList(),
        c.tags().stream().map(t -> new MetadefTag(t.name(), now, now)).toList());
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
