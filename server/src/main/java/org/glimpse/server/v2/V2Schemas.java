package org.glimpse.server.v2;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.glimpse.server.http.Json;

/**
 * The JSON schemas the v2 API publishes under /v2/schemas and validates requests against. Types,
 * enums, patterns and limits are Glance's, so that clients which read them behave the same.
 */
public final class V2Schemas {
  static final String UUID_PATTERN =
      "^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$";
  private static final List<String> STATUSES = List.of("queued", "saving", "active", "killed",
      "deleted", "uploading", "importing", "pending_delete", "deactivated");

  private final ObjectNode image;
  private final ObjectNode images;
  private final ObjectNode member;
  private final ObjectNode members;

  public V2Schemas(List<String> diskFormats, List<String> containerFormats) {
    this.image = buildImage(diskFormats, containerFormats);
    this.images = buildImages(image);
    this.member = buildMember();
    this.members = buildMembers(member);
  }

  public ObjectNode image() { return image; }
  public ObjectNode images() { return images; }
  public ObjectNode member() { return member; }
  public ObjectNode members() { return members; }

  private static ObjectNode buildImage(List<String> diskFormats, List<String> containerFormats) {
    ObjectNode s = Json.MAPPER.createObjectNode();
    s.put("name", "image");
    ObjectNode p = s.putObject("properties");
    prop(p, "id", "string", "Unique identifier of the image (a UUID).").put("pattern", UUID_PATTERN);
    prop(p, "name", nullable("string"), "Human-readable name of the image.").put("maxLength", 255);
    enumOf(prop(p, "status", "string", "Where the image is in its life cycle.").put("readOnly", true), STATUSES, false);
    enumOf(prop(p, "visibility", "string", "Who may see the image."), List.of("community", "public", "private", "shared"), false);
    prop(p, "protected", "boolean", "When true, the image cannot be deleted.");
    prop(p, "os_hidden", "boolean", "When true, the image is left out of default listings.");
    prop(p, "checksum", nullable("string"), "MD5 of the image data.").put("readOnly", true).put("maxLength", 32);
    prop(p, "os_hash_algo", nullable("string"), "Algorithm of os_hash_value.").put("readOnly", true).put("maxLength", 64);
    prop(p, "os_hash_value", nullable("string"), "Hex digest of the image data by os_hash_algo.").put("readOnly", true).put("maxLength", 128);
    prop(p, "owner", nullable("string"), "Project that owns the image.").put("maxLength", 255);
    prop(p, "size", nullable("integer"), "Size of the image data in bytes.").put("readOnly", true);
    prop(p, "virtual_size", nullable("integer"), "Virtual size of the disk in bytes.").put("readOnly", true);
    enumOf(prop(p, "container_format", nullable("string"), "Container format of the image data."), containerFormats, true);
    enumOf(prop(p, "disk_format", nullable("string"), "Disk format of the image data."), diskFormats, true);
    prop(p, "created_at", "string", "When the image was created.").put("readOnly", true);
    prop(p, "updated_at", "string", "When the image was last changed.").put("readOnly", true);
    ObjectNode tags = prop(p, "tags", "array", "Free-form labels on the image.");
    tags.putObject("items").put("type", "string").put("maxLength", 255);
    prop(p, "direct_url", "string", "Store location of the image data, when shown.").put("readOnly", true);
    prop(p, "min_ram", "integer", "Least RAM (MB) needed to boot the image.");
    prop(p, "min_disk", "integer", "Least disk (GB) needed to boot the image.");
    prop(p, "self", "string", "Path of this image.").put("readOnly", true);
    prop(p, "file", "string", "Path of this image's data.").put("readOnly", true);
    prop(p, "stores", "string", "Stores holding the image data.").put("readOnly", true);
    prop(p, "schema", "string", "Path of this schema.").put("readOnly", true);
    ObjectNode locations = prop(p, "locations", "array", "Store locations of the image data, when shown.");
    ObjectNode location = locations.putObject("items");
    location.put("type", "object");
    ObjectNode lp = location.putObject("properties");
    lp.putObject("url").put("type", "string").put("maxLength", 255);
    lp.putObject("metadata").put("type", "object");
    ObjectNode validation = lp.putObject("validation_data");
    validation.put("description", "Checksum and multihash of the data at this location: they become the"
        + " image's own while it is queued, and must equal them otherwise.");
    validation.put("type", "object");
    validation.put("writeOnly", true);
    validation.put("additionalProperties", false);
    ObjectNode vp = validation.putObject("properties");
    vp.putObject("checksum").put("type", "string").put("minLength", 32).put("maxLength", 32);
    vp.putObject("os_hash_algo").put("type", "string").put("maxLength", 64);
    vp.putObject("os_hash_value").put("type", "string").put("maxLength", 128);
    validation.putArray("required").add("os_hash_algo").add("os_hash_value");
    location.putArray("required").add("url").add("metadata");
    extra(prop(p, "kernel_id", nullable("string"), "Image holding the kernel of an AMI-style image.").put("pattern", UUID_PATTERN));
    extra(prop(p, "ramdisk_id", nullable("string"), "Image holding the ramdisk of an AMI-style image.").put("pattern", UUID_PATTERN));
    extra(prop(p, "instance_uuid", "string", "Server this image was snapshotted from."));
    extra(prop(p, "architecture", "string", "CPU architecture the image needs."));
    extra(prop(p, "os_distro", "string", "Operating system distribution, in lower case."));
    extra(prop(p, "os_version", "string", "Operating system version, as its distributor names it."));
    extra(prop(p, "description", "string", "What the image is."));
    extra(prop(p, "cinder_encryption_key_id", "string", "Key that encrypts the image data."));
    extra(enumOf(prop(p, "cinder_encryption_key_deletion_policy", "string", "Whether the key is deleted with the image."),
        List.of("on_image_deletion", "do_not_delete"), false));
    s.putObject("additionalProperties").put("type", "string");
    links(s, new String[][] {{"self", "{self}"}, {"enclosure", "{file}"}, {"describedby", "{schema}"}});
    return s;
  }

  private static ObjectNode buildImages(ObjectNode image) {
    ObjectNode s = Json.MAPPER.createObjectNode();
    s.put("name", "images");
    ObjectNode p = s.putObject("properties");
    ObjectNode list = p.putObject("images");
    list.put("type", "array");
    list.set("items", image.deepCopy());
    p.putObject("first").put("type", "string");
    p.putObject("next").put("type", "string");
    p.putObject("schema").put("type", "string");
    links(s, new String[][] {{"first", "{first}"}, {"next", "{next}"}, {"describedby", "{schema}"}});
    return s;
  }

  private static ObjectNode buildMember() {
    ObjectNode s = Json.MAPPER.createObjectNode();
    s.put("name", "member");
    ObjectNode p = s.putObject("properties");
    prop(p, "member_id", "string", "Project the image is shared with.");
    prop(p, "image_id", "string", "The shared image.").put("pattern", UUID_PATTERN);
    prop(p, "created_at", "string", "When the membership was created.");
    prop(p, "updated_at", "string", "When the membership last changed.");
    enumOf(prop(p, "status", "string", "The member's answer to the share."), List.of("pending", "accepted", "rejected"), false);
    p.putObject("schema").put("readOnly", true).put("type", "string");
    return s;
  }

  private static ObjectNode buildMembers(ObjectNode member) {
    ObjectNode s = Json.MAPPER.createObjectNode();
    s.put("name", "members");
    ObjectNode p = s.putObject("properties");
    ObjectNode list = p.putObject("members");
    list.put("type", "array");
    list.set("items", member.deepCopy());
    p.putObject("schema").put("type", "string");
    links(s, new String[][] {{"describedby", "{schema}"}});
    return s;
  }

  private static ObjectNode prop(ObjectNode props, String name, Object type, String description) {
    ObjectNode p = props.putObject(name);
    if (type instanceof ArrayNode a) {
      p.set("type", a);
    } else {
      p.put("type", (String) type);
    }
    p.put("description", description);
    return p;
  }

  private static ArrayNode nullable(String type) {
    return Json.MAPPER.createArrayNode().add("null").add(type);
  }

  private static ObjectNode enumOf(ObjectNode p, List<String> values, boolean withNull) {
    ArrayNode e = p.putArray("enum");
    if (withNull) {
      e.addNull();
    }
    values.forEach(e::add);
    return p;
  }

  private static ObjectNode extra(ObjectNode p) {
    return p.put("is_base", false);
  }

  private static void links(ObjectNode s, String[][] links) {
    ArrayNode a = s.putArray("links");
    for (String[] l : links) {
      a.addObject().put("rel", l[0]).put("href", l[1]);
    }
  }
}
