package org.glimpse.ft.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.glimpse.ft.support.Client;
import org.glimpse.ft.support.Response;

/** One caller of the v1 API, with the calls the scenarios repeat. Headers are name, value pairs. */
final class V1Client {
  static final String OCTET = "application/octet-stream";

  final Client http;
  /** The caller's project, or null for a tenantless caller. */
  final String project;

  V1Client(Client http, String project) {
    this.http = http;
    this.project = project;
  }

  Response get(String path, String... headers) {
    return http.get(path, headers);
  }

  Response head(String id) {
    return send("HEAD", "/v1/images/" + id, null, headers());
  }

  /** POST /v1/images with no body. */
  Response create(String... headers) {
    return send("POST", "/v1/images", null, headers);
  }

  /** POST /v1/images with data as application/octet-stream. */
  Response create(byte[] data, String... headers) {
    return send("POST", "/v1/images", data, with(headers("Content-Type", OCTET), headers));
  }

  Response update(String id, String... headers) {
    return send("PUT", "/v1/images/" + id, null, headers);
  }

  Response update(String id, byte[] data, String... headers) {
    return send("PUT", "/v1/images/" + id, data, with(headers("Content-Type", OCTET), headers));
  }

  Response delete(String id) {
    return http.delete("/v1/images/" + id);
  }

  /** Reserves a queued image and returns its id. */
  String reserve(String... headers) {
    return idOf(create(headers), 201);
  }

  /** The spec's IMG: name img, raw/bare, data "abc"; returns its id. */
  String img(String... extraHeaders) {
    return idOf(create("abc".getBytes(), with(headers("x-image-meta-name", "img",
        "x-image-meta-disk_format", "raw", "x-image-meta-container_format", "bare"), extraHeaders)), 201);
  }

  Response members(String id) {
    return http.get("/v1/images/" + id + "/members");
  }

  /** member id → can_share, in the order listed; asserts 200. */
  Map<String, Boolean> memberMap(String id) {
    Response r = members(id);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    Map<String, Boolean> out = new LinkedHashMap<>();
    r.json().get("members").forEach(m -> out.put(m.get("member_id").asText(), m.get("can_share").asBoolean()));
    return out;
  }

  Response addMember(String id, String member) {
    return send("PUT", "/v1/images/" + id + "/members/" + member, null, headers());
  }

  Response addMember(String id, String member, String json) {
    return sendJson("PUT", "/v1/images/" + id + "/members/" + member, json);
  }

  Response replaceMembers(String id, String json) {
    return sendJson("PUT", "/v1/images/" + id + "/members", json);
  }

  Response removeMember(String id, String member) {
    return http.delete("/v1/images/" + id + "/members/" + member);
  }

  /** image id → can_share of GET /v1/shared-images/{member}; asserts 200. */
  Map<String, Boolean> sharedImages(String member) {
    Response r = http.get("/v1/shared-images/" + member);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    Map<String, Boolean> out = new LinkedHashMap<>();
    r.json().get("shared_images").forEach(m -> out.put(m.get("image_id").asText(), m.get("can_share").asBoolean()));
    return out;
  }

  /** Ids listed by a GET on a listing path; asserts 200. */
  List<String> ids(String path) {
    Response r = http.get(path);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    r.json().get("images").forEach(i -> ids.add(i.get("id").asText()));
    return ids;
  }

  /** Ids of every image this caller owns, deleted and killed ones included (changes-since). */
  List<String> ownedEver() {
    Response r = http.get("/v1/images/detail?changes-since=2000-01-01");
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    r.json().get("images").forEach(i -> {
      if (project != null && project.equals(i.get("owner").asText())) {
        ids.add(i.get("id").asText());
      }
    });
    return ids;
  }

  Response sendJson(String method, String path, String json) {
    return send(method, path, json == null ? null : json.getBytes(), "Content-Type", "application/json");
  }

  Response send(String method, String path, byte[] body, String... headers) {
    HttpRequest.BodyPublisher publisher = body == null
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body);
    return http.send(method, path, publisher, headers);
  }

  static String idOf(Response r, int expectedStatus) {
    assertThat(r.status()).as("%s", r).isEqualTo(expectedStatus);
    return image(r).get("id").asText();
  }

  static JsonNode image(Response r) {
    return r.json().get("image");
  }

  static String[] headers(String... pairs) {
    return pairs;
  }

  static String[] with(String[] headers, String... more) {
    String[] all = Arrays.copyOf(headers, headers.length + more.length);
    System.arraycopy(more, 0, all, headers.length, more.length);
    return all;
  }
}
