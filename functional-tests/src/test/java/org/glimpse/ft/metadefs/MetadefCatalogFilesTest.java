package org.glimpse.ft.metadefs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.glimpse.core.metadef.MetadefProperty;
import org.glimpse.core.metadef.MetadefTag;
import org.glimpse.core.metadef.NamespaceContent;
import org.glimpse.db.Database;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.GlimpseTestServer;
import org.glimpse.ft.support.RequiredService;
import org.glimpse.server.manage.Manage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * glimpse-manage db_load_metadefs / db_export_metadefs / db_unload_metadefs on catalog files in
 * Glance's format, against the database the server then serves.
 */
class MetadefCatalogFilesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COMPUTE = """
      {"namespace": "FT::Compute", "display_name": "Compute", "description": "Compute settings",
       "visibility": "public", "protected": true,
       "resource_type_associations": [{"name": "OS::Nova::Flavor", "prefix": "hw:"},
                                      {"name": "OS::Glance::Image", "prefix": "hw_", "properties_target": "image"}],
       "properties": {"cpu_policy": {"title": "CPU policy", "type": "string", "enum": ["shared", "dedicated"]},
                      "cpu_count": {"title": "CPUs", "type": "integer", "minimum": 1}},
       "objects": [{"name": "NUMA", "description": "NUMA layout", "required": ["nodes"],
                    "properties": {"nodes": {"title": "Nodes", "type": "integer"}}}],
       "tags": [{"name": "fast"}, {"name": "numa"}]}
      """;
  private static final String MINIMAL = "{\"namespace\": \"FT::Minimal\", \"owner\": \"projX\"}";

  @TempDir Path dir;
  private Path files;
  private Path config;
  private String connection;

  @BeforeEach
  void catalog() throws IOException {
    files = Files.createDirectories(dir.resolve("metadefs"));
    Files.writeString(files.resolve("compute.json"), COMPUTE);
    Files.writeString(files.resolve("minimal.json"), MINIMAL);
    Files.writeString(files.resolve("README.txt"), "not a catalog file");
    connection = "h2:" + dir.resolve("db/glimpse");
    config = dir.resolve("glimpse.conf");
    Files.writeString(config, "[database]\nconnection = " + connection + "\n"
        + "[DEFAULT]\nmetadata_source_path = " + files + "\n");
  }

  private String manage(int expectedStatus, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<String> all = new ArrayList<>(List.of("--config-file", config.toString()));
    all.addAll(List.of(args));
    int status = Manage.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(out, true, StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(status).as("exit status of %s: %s", List.of(args), text).isEqualTo(expectedStatus);
    return text;
  }

  private NamespaceContent content(String namespace) {
    try (Database db = Database.open(connection)) {
      return db.metadefs().content(namespace);
    }
  }

  @Test
  void aLoadedCatalogIsServedAndExportsToTheSameDocuments() throws IOException {
    assertThat(manage(0, "db_load_metadefs")).contains("Loaded namespace FT::Compute", "Loaded namespace FT::Minimal");
    try (GlimpseTestServer server = GlimpseTestServer.start(connection, Map.of())) {
      Client reader = server.as("projB", "member,reader");
      JsonNode ns = reader.get("/v2/metadefs/namespaces/FT::Compute").assertStatus(200).json();
      assertThat(ns.path("owner").asText()).isEqualTo("admin");
      assertThat(ns.path("protected").asBoolean()).isTrue();
      assertThat(ns.path("properties").path("cpu_policy").path("enum")).hasSize(2);
      assertThat(ns.path("objects").get(0).path("required").get(0).asText()).isEqualTo("nodes");
      assertThat(reader.get("/v2/metadefs/namespaces?resource_types=OS::Nova::Flavor").json()
          .path("namespaces")).hasSize(1);
      reader.get("/v2/metadefs/namespaces/FT::Minimal").assertStatus(404);
      server.as("projX", "reader").get("/v2/metadefs/namespaces/FT::Minimal").assertStatus(200);
    }
    Path out = dir.resolve("export");
    assertThat(manage(0, "db_export_metadefs", "--path", out.toString())).contains("Exported namespace FT::Compute");
    assertThat(normalized(JSON.readTree(out.resolve("FT__Compute.json").toFile())))
        .isEqualTo(normalized(JSON.readTree(COMPUTE)).put("owner", "admin"));
    assertThat(normalized(JSON.readTree(out.resolve("FT__Minimal.json").toFile())))
        .isEqualTo(normalized(JSON.readTree(MINIMAL)).put("visibility", "private").put("protected", false));
  }

  @Test
  void anExistingNamespaceIsSkippedMergedOrOverwritten() throws IOException {
    manage(0, "db_load_metadefs", "--path", files.toString());
    // the file changes: cpu_count's title, a new property and tag, the tag "numa" gone
    Files.writeString(files.resolve("compute.json"), """
        {"namespace": "FT::Compute", "visibility": "public",
         "properties": {"cpu_count": {"title": "Processors", "type": "integer"},
                        "cpu_total": {"title": "Processors in all", "type": "integer"}},
         "tags": [{"name": "fast"}, {"name": "big"}]}
        """);
    assertThat(manage(0, "db_load_metadefs")).contains("Skipped namespace FT::Compute");
    assertThat(tags("FT::Compute")).containsExactlyInAnyOrder("fast", "numa");

    manage(0, "db_load_metadefs", "--merge");
    assertThat(tags("FT::Compute")).containsExactlyInAnyOrder("fast", "numa", "big");
    assertThat(property("FT::Compute", "cpu_count")).contains("\"CPUs\"");
    assertThat(property("FT::Compute", "cpu_total")).contains("Processors");

    manage(0, "db_load_metadefs", "--merge", "--prefer_new");
    assertThat(property("FT::Compute", "cpu_count")).contains("Processors");

    manage(0, "db_load_metadefs", "--overwrite");
    assertThat(tags("FT::Compute")).containsExactlyInAnyOrder("fast", "big");
    assertThat(content("FT::Compute").objects()).isEmpty();
  }

  @Test
  void unloadEmptiesTheCatalogAndBadFilesAreReported() throws IOException {
    manage(0, "db_load_metadefs");
    manage(0, "db_unload_metadefs");
    try (Database db = Database.open(connection)) {
      assertThat(db.metadefs().allNamespaces()).isEmpty();
      assertThat(db.metadefs().listResourceTypes()).isEmpty();
    }
    Files.writeString(files.resolve("broken.json"), "{\"namespace\": ");
    Files.writeString(files.resolve("nameless.json"), "{\"display_name\": \"x\"}");
    String text = manage(1, "db_load_metadefs");
    assertThat(text).contains("Failed to load " + files.resolve("broken.json"), "nameless.json",
        "Loaded namespace FT::Compute");
    assertThat(manage(1, "db_load_metadefs", "--path", dir.resolve("nowhere").toString())).contains("nowhere");
    assertThat(manage(2, "db_frobnicate")).contains("Unknown command 'db_frobnicate'");
    assertThat(manage(2, "db_load_metadefs", "--fast")).contains("Unknown argument '--fast'");
  }

  @Test
  void glancesOwnCatalogLoadsAndRoundTrips() throws IOException {
    Path glance = Path.of("/etc/glance/metadefs");
    if (!Files.isDirectory(glance)) {
      RequiredService.missing("Glance's catalog files are not installed at " + glance,
          "install glance-common: scripts/ensure-tools.sh");
    }
    String loaded = manage(0, "db_load_metadefs", "--path", glance.toString());
    long count;
    try (Stream<Path> s = Files.list(glance)) {
      count = s.filter(p -> p.toString().endsWith(".json")).count();
    }
    assertThat(loaded.lines().filter(l -> l.startsWith("Loaded namespace")).count()).isEqualTo(count);
    Path first = dir.resolve("first");
    Path second = dir.resolve("second");
    manage(0, "db_export_metadefs", "--path", first.toString());
    manage(0, "db_unload_metadefs");
    manage(0, "db_load_metadefs", "--path", first.toString());
    manage(0, "db_export_metadefs", "--path", second.toString());
    try (Stream<Path> s = Files.list(first)) {
      for (Path f : s.toList()) {
        assertThat(JSON.readTree(second.resolve(f.getFileName()).toFile())).as(f.toString())
            .isEqualTo(JSON.readTree(f.toFile()));
      }
    }
  }

  private List<String> tags(String namespace) {
    return content(namespace).tags().stream().map(MetadefTag::name).toList();
  }

  private String property(String namespace, String name) {
    return content(namespace).properties().stream().filter(p -> p.name().equals(name))
        .map(MetadefProperty::schemaJson).findFirst().orElse("");
  }

  /** The document with its arrays sorted by name, so that order does not count. */
  private static ObjectNode normalized(JsonNode doc) {
    ObjectNode o = doc.deepCopy();
    for (String field : List.of("resource_type_associations", "objects", "tags")) {
      if (o.get(field) instanceof ArrayNode a) {
        List<JsonNode> items = new ArrayList<>();
        a.forEach(items::add);
        items.sort((x, y) -> x.path("name").asText().compareTo(y.path("name").asText()));
        ArrayNode sorted = o.putArray(field);
        items.forEach(sorted::add);
      }
    }
    return o;
  }
}
