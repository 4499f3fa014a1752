package org.glimpse.ft.metadefs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.Response;
import org.glimpse.ft.support.ServerTest;
import org.junit.jupiter.api.Test;

/**
 * Hostile input to every /v2/metadefs route, sent by an admin (who gets past every policy check):
 * each answer comes within 5 s, is below 500 and holds no stack trace or Java class name; input
 * the catalog cannot store (names longer than their columns, values of the wrong type, NUL
 * characters) is a 400.
 */
class MetadefBadInputTest extends ServerTest {
  private static final String NS = "/v2/metadefs/namespaces";
  private static final List<String> WRONG_VALUES = List.of("null", "true", "-1", "1e400", "[]", "{}",
      "[\"x\"]", "\"" + "v".repeat(600) + "\"", "\"\\u0000\"", "\"\\ud800\"", "{\"a\": [[[[[[[[[[1]]]]]]]]]]}");

  private record Probe(String method, String path, String body, Integer expected) {}

  private Response send(Client c, Probe p) {
    return c.withTimeout(Duration.ofSeconds(5)).send(p.method(), p.path(),
        p.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(p.body()),
        "Content-Type", "application/json");
  }

  private List<Probe> probes() {
    String base = NS + "/bad::ns";
    List<Probe> probes = new ArrayList<>();
    String longName = "n".repeat(81);
    String enc = URLEncoder.encode(longName, StandardCharsets.UTF_8);
    // names longer than the catalog keeps
    probes.add(new Probe("POST", NS, "{\"namespace\": \"" + longName + "\"}", 400));
    probes.add(new Probe("POST", NS, "{\"namespace\": \"x\", \"display_name\": \"" + longName + "\"}", 400));
    probes.add(new Probe("POST", NS, "{\"namespace\": \"x\", \"owner\": \"" + "o".repeat(256) + "\"}", 400));
    probes.add(new Probe("POST", NS, "{\"namespace\": \"x\", \"description\": \"" + "d".repeat(501) + "\"}", 400));
    probes.add(new Probe("POST", base + "/tags/" + enc, null, 400));
    probes.add(new Probe("POST", base + "/tags", "{\"tags\": [{\"name\": \"" + longName + "\"}]}", 400));
    probes.add(new Probe("PUT", base + "/tags/t", "{\"name\": \"" + longName + "\"}", 400));
    probes.add(new Probe("POST", base + "/objects", "{\"name\": \"" + longName + "\"}", 400));
    probes.add(new Probe("POST", base + "/properties",
        "{\"name\": \"" + longName + "\", \"title\": \"t\", \"type\": \"string\"}", 400));
    probes.add(new Probe("POST", base + "/resource_types", "{\"name\": \"" + longName + "\"}", 400));
    probes.add(new Probe("POST", base + "/resource_types", "{\"name\": \"r\", \"prefix\": \"" + longName + "\"}", 400));
    probes.add(new Probe("PUT", base, "{\"namespace\": \"" + longName + "\"}", 400));
    // NUL anywhere
    probes.add(new Probe("GET", base + "/tags/a%00b", null, 400));
    probes.add(new Probe("GET", NS + "?marker=a%00b", null, 400));
    probes.add(new Probe("GET", NS + "?resource_types=" + ",x".repeat(200), null, 400));
    probes.add(new Probe("GET", NS + "?limit=99999999999999", null, 400));
    // every member of every body, with values of the wrong type
    String[][] bodies = {
        {"POST", NS, "{\"namespace\": \"bad::x\", \"%s\": %s}", "display_name,description,visibility,protected,owner,"
            + "resource_type_associations,properties,objects,tags"},
        {"PUT", base, "{\"namespace\": \"bad::ns\", \"%s\": %s}", "display_name,description,visibility,protected,owner"},
        {"POST", base + "/objects", "{\"name\": \"o\", \"%s\": %s}", "description,required,properties"},
        {"PUT", base + "/objects/o1", "{\"name\": \"o1\", \"%s\": %s}", "description,required,properties"},
        {"POST", base + "/properties", "{\"name\": \"p\", \"title\": \"t\", \"type\": \"string\", \"%s\": %s}",
            "description,operators,enum,minimum,maxLength,pattern,readonly,items,minItems,uniqueItems,default"},
        {"POST", base + "/resource_types", "{\"name\": \"R\", \"%s\": %s}", "prefix,properties_target"},
        {"POST", base + "/tags", "{\"%s\": %s}", "tags"},
        {"PUT", base + "/tags/t1", "{\"%s\": %s}", "name"},
    };
    for (String[] b : bodies) {
      for (String field : b[3].split(",")) {
        for (String value : WRONG_VALUES) {
          probes.add(new Probe(b[0], b[1], String.format(b[2], field, value), null));
        }
      }
    }
    for (String value : WRONG_VALUES) {
      probes.add(new Probe("POST", NS, "{\"namespace\": " + value + "}", 400));
      probes.add(new Probe("POST", NS, "{\"namespace\": \"bad::y\", \"objects\": [" + value + "]}", null));
      probes.add(new Probe("POST", NS, "{\"namespace\": \"bad::z\", \"properties\": {\"p\": " + value + "}}", null));
      probes.add(new Probe("POST", base + "/tags", "{\"tags\": [" + value + "]}", 400));
      probes.add(new Probe("POST", base + "/objects", value, 400));
    }
    return probes;
  }

  @Test
  void noHostileInputMakesAServerErrorAndWhatCannotBeStoredIsA400() {
    admin.postJson(NS, "{\"namespace\": \"bad::ns\", \"objects\": [{\"name\": \"o1\"}], \"tags\": [{\"name\": \"t1\"}]}")
        .assertStatus(201);
    List<String> failures = new ArrayList<>();
    for (Probe p : probes()) {
      Response r = send(admin, p);
      String label = p.method() + " " + p.path() + " " + (p.body() == null ? "" : p.body().substring(0,
          Math.min(120, p.body().length())));
      if (r.status() >= 500 || r.body().contains("Exception") || r.body().contains("at org.")
          || r.body().contains("java.")) {
        failures.add(label + " -> " + r.status() + " " + r.body());
      } else if (p.expected() != null && r.status() != p.expected()) {
        failures.add(label + " -> " + r.status() + ", expected " + p.expected() + ": " + r.errorText());
      }
    }
    assertThat(failures).isEmpty();
    // the namespace the probes aimed at is still whole
    assertThat(admin.get(NS + "/bad::ns").assertStatus(200).json().path("objects")).isNotEmpty();
  }

  /**
   * A missing namespace is a 404 worded as Glance words it for each call: its namespace and
   * object calls in its repository's words, the others in their own.
   */
  @Test
  void aMissingNamespaceIsNotFoundInGlancesWordsForEachCall() {
    String base = NS + "/no::such";
    String repository = "Metadata definition namespace=no::such was not found.";
    String own = "Namespace no::such not found";
    List<Probe> probes = List.of(
        new Probe("GET", base, null, 0), new Probe("GET", base + "/objects", null, 0),
        new Probe("POST", base + "/objects", "{\"name\": \"o\"}", 0), new Probe("GET", base + "/objects/o", null, 0),
        new Probe("PUT", base + "/objects/o", "{\"name\": \"o\"}", 0), new Probe("DELETE", base + "/objects/o", null, 0),
        new Probe("PUT", base, "{\"namespace\": \"no::such\"}", 1), new Probe("DELETE", base, null, 1),
        new Probe("DELETE", base + "/objects", null, 1), new Probe("GET", base + "/properties", null, 1),
        new Probe("POST", base + "/properties", "{\"name\": \"p\", \"title\": \"t\", \"type\": \"string\"}", 1),
        new Probe("GET", base + "/properties/p", null, 1), new Probe("DELETE", base + "/properties", null, 1),
        new Probe("GET", base + "/tags", null, 1), new Probe("POST", base + "/tags/t", null, 1),
        new Probe("DELETE", base + "/tags/t", null, 1), new Probe("GET", base + "/resource_types", null, 1),
        new Probe("POST", base + "/resource_types", "{\"name\": \"OS::Glance::Image\"}", 1));
    for (Probe p : probes) {
      send(admin, p).assertError(404, p.expected() == 0 ? repository : own);
      send(a, p).assertError(404, p.expected() == 0 ? repository : own);
    }
  }

  /** Missing content, stray bodies and listing checks, answered as Glance answers them. */
  @Test
  void contentCallsAnswerAsGlanceDoes() {
    String base = NS + "/glance::words";
    admin.postJson(NS, "{\"namespace\": \"glance::words\", \"visibility\": \"public\"}").assertStatus(201);
    for (String name : List.of("m", "b", "z")) {
      admin.postJson(base + "/objects", "{\"name\": \"" + name + "\"}").assertStatus(201);
      admin.postJson(base + "/properties", "{\"name\": \"" + name + "\", \"title\": \"t\", \"type\": \"string\"}")
          .assertStatus(201);
    }
    // objects and properties by name
    assertThat(admin.get(base + "/objects").assertStatus(200).json().findValuesAsText("name"))
        .containsExactly("b", "m", "z");
    assertThat(fieldNames(admin.get(base + "/properties").assertStatus(200).json().get("properties")))
        .containsExactly("b", "m", "z");
    admin.get(base + "/objects/nope").assertError(404, "Could not find metadata object nope");
    admin.get(base + "/properties/nope").assertError(404, "Could not find property nope");
    admin.get(base + "/tags/nope").assertError(404, "Could not find metadata tag nope");
    admin.get(base + "/tags?marker=nope").assertError(404, "Could not find metadata tag nope");
    admin.postJson(base + "/tags/t", "{\"a\": 1}").assertError(400, "A body is not expected with this request.");
    admin.postJson(base + "/tags/t", "").assertStatus(201);
    admin.postJson(base + "/tags/t", "").assertError(409,
        "A metadata tag with name=t already exists in namespace=glance::words. (Please note that metadata tag names are case insensitive).");
    admin.postJson(base + "/tags", "{\"tags\": [{\"name\": \"a\", \"created_at\": \"x\"}]}").assertError(400,
        "Additional properties are not allowed ('created_at' was unexpected)");
    admin.postJson(base + "/tags", "{\"tags\": [], \"name\": \"x\"}").assertError(400,
        "Additional properties are not allowed ('name' was unexpected)");
    // every object whatever the paging, but limit and sort_dir are checked
    assertThat(admin.get(base + "/objects?limit=1").assertStatus(200).json().get("objects")).hasSize(3);
    admin.get(base + "/objects?limit=0").assertError(400, "limit param must be positive");
    admin.get(base + "/objects?limit=x").assertError(400, "limit param must be an integer");
    admin.get(base + "/objects?sort_dir=up").assertError(400, "Invalid sort direction: up");
  }

  private static List<String> fieldNames(com.fasterxml.jackson.databind.JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
