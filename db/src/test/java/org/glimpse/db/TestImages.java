package org.glimpse.db;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageQuery;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.Member;
import org.glimpse.core.image.MemberStatus;
import org.glimpse.core.image.Visibility;

/** Test data: images and memberships with readable defaults, queries as given viewers. */
final class TestImages {
  static final Instant T0 = Instant.parse("2024-03-01T10:00:00.123456Z");

  private TestImages() {}

  /** A deterministic UUID for a readable name, so ids sort unlike names. */
  static String id(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** An active image named {@code name} of {@code owner}, created {@code second}s after T0. */
  static Image image(String name, String owner, Visibility visibility, int second) {
    Image image = new Image();
    image.setId(id(name));
    image.setName(name);
    image.setOwner(owner);
    image.setVisibility(visibility);
    image.setStatus(ImageStatus.ACTIVE);
    image.setCreatedAt(T0.plusSeconds(second));
    image.setUpdatedAt(T0.plusSeconds(second));
    return image;
  }

  /** An active image with every field set, tags in non-alphabetical order. */
  static Image fullImage() {
    Image image = image("full", "p1", Visibility.COMMUNITY, 0);
    image.setStatus(ImageStatus.ACTIVE);
    image.setProtected(true);
    image.setOsHidden(true);
    image.setChecksum("d41d8cd98f00b204e9800998ecf8427e");
    image.setOsHashAlgo("sha512");
    image.setOsHashValue("cf83e1357eefb8bd".repeat(8));
    image.setSize(5_000_000_000L);
    image.setVirtualSize(10_000_000_000L);
    image.setMinDisk(2);
    image.setMinRam(512);
    image.setDiskFormat("qcow2");
    image.setContainerFormat("bare");
    image.setLocation("file:///var/lib/glimpse/images/full");
    image.setTags(Set.of("zebra"));
    image.getTags().addAll(List.of("alpha", "mid dle", "ünïcödé"));
    image.setProperties(Map.of("hw_disk_bus", "scsi", "empty", "", "long", "x".repeat(5000)));
    image.setUpdatedAt(T0.plusNanos(999_999_999));
    return image;
  }

  static Image image(String name) {
    return image(name, "owner", Visibility.PUBLIC, 0);
  }

  static Member member(String imageName, String project, MemberStatus status, int second) {
    Instant at = T0.plusSeconds(second);
    return new Member(id(imageName), project, status, false, at, at);
  }

  /** A query by an admin for every visibility, so that only the filters under test apply. */
  static ImageQuery everything() {
    ImageQuery query = new ImageQuery();
    query.viewer = "admin";
    query.viewerIsAdmin = true;
    query.visibility = ImageQuery.VisibilityFilter.ALL;
    query.limit = 1000;
    return query;
  }

  static ImageQuery asViewer(String viewer) {
    ImageQuery query = new ImageQuery();
    query.viewer = viewer;
    query.limit = 1000;
    return query;
  }

  static List<String> names(List<Image> images) {
    return images.stream().map(Image::getName).toList();
  }
}
