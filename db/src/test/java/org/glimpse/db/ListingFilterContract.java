package org.glimpse.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.glimpse.db.TestImages.T0;
import static org.glimpse.db.TestImages.everything;
import static org.glimpse.db.TestImages.image;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageQuery;
import org.glimpse.core.image.ImageQuery.Op;
import org.glimpse.core.image.ImageQuery.TimeFilter;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.Visibility;
import org.junit.jupiter.api.Test;

/** Every listing filter, on images "a" to "e" (listed newest first by default). */
interface ListingFilterContract extends RepositoryFixture {

  private void createFilterImages() {
    Image a = image("a", "p1", Visibility.PUBLIC, 1);
    a.setDiskFormat("raw");
    a.setContainerFormat("bare");
    a.setSize(10L);
    a.setChecksum("aaaa");
    a.setOsHashValue("hash-a");
    a.setTags(Set.of("x", "y"));
    a.setProperties(Map.of("os_distro", "debian", "arch", "x86_64"));
    Image b = image("b", "p2", Visibility.PRIVATE, 2);
    b.setDiskFormat("qcow2");
    b.setContainerFormat("ovf");
    b.setSize(20L);
    b.setProtected(true);
    b.setTags(Set.of("x"));
    b.setProperties(Map.of("os_distro", "debian", "arch", "aarch64"));
    Image c = image("c", "p1", Visibility.SHARED, 3);
    c.setStatus(ImageStatus.QUEUED);
    c.setUpdatedAt(T0.plusSeconds(100));
    Image d = image("d", "p3", Visibility.COMMUNITY, 4);
    d.setOsHidden(true);
    d.setSize(30L);
    Image e = image("e", "p1", Visibility.PUBLIC, 5);
    e.setSize(40L);
    e.setChecksum("aaaa");
    createAll(a, b, c, d, e);
  }

  private static ImageQuery where(String attribute, String... values) {
    ImageQuery query = everything();
    query.attributes.put(attribute, List.of(values));
    return query;
  }

  @Test
  default void attributeFiltersMatchExactlyOrAnyOfAList() {
    createFilterImages();
    assertThat(listNames(where("name", "b"))).containsExactly("b");
    assertThat(listNames(where("name", "a", "c", "zz"))).containsExactly("c", "a");
    assertThat(listNames(where("id", TestImages.id("e")))).containsExactly("e");
    assertThat(listNames(where("status", "queued"))).containsExactly("c");
    assertThat(listNames(where("status", "queued", "active"))).containsExactly("e", "c", "b", "a");
    assertThat(listNames(where("disk_format", "qcow2"))).containsExactly("b");
    assertThat(listNames(where("container_format", "bare", "ovf"))).containsExactly("b", "a");
    assertThat(listNames(where("owner", "p1"))).containsExactly("e", "c", "a");
    assertThat(listNames(where("owner"))).isEmpty();
  }

  @Test
  default void unknownAttributeIsRejected() {
    createFilterImages();
    assertThatThrownBy(() -> images().list(where("location", "x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("location");
  }

  @Test
  default void severalFiltersMustAllMatch() {
    createFilterImages();
    ImageQuery query = where("owner", "p1");
    query.sizeMin = 5L;
    query.checksum = "aaaa";
    query.tags.add("x");
    assertThat(listNames(query)).containsExactly("a");
  }

  @Test
  default void protectedAndHiddenFilters() {
    createFilterImages();
    ImageQuery query = everything();
    query.isProtected = true;
    assertThat(listNames(query)).containsExactly("b");
    query.isProtected = false;
    assertThat(listNames(query)).containsExactly("e", "c", "a");

    ImageQuery hidden = everything();
    assertThat(listNames(hidden)).as("hidden images are left out by default")
        .containsExactly("e", "c", "b", "a");
    hidden.osHidden = true;
    assertThat(listNames(hidden)).containsExactly("d");
    hidden.osHidden = null;
    assertThat(listNames(hidden)).containsExactly("e", "d", "c", "b", "a");
  }

  @Test
  default void sizeRangeLeavesOutImagesWithoutSize() {
    createFilterImages();
    ImageQuery query = everything();
    query.osHidden = null;
    query.sizeMin = 20L;
    assertThat(listNames(query)).containsExactly("e", "d", "b");
    query.sizeMax = 30L;
    assertThat(listNames(query)).containsExactly("d", "b");
    query.sizeMin = null;
    assertThat(listNames(query)).containsExactly("d", "b", "a");
  }

  @Test
  default void exactColumnFiltersAndAFilterThatMatchesNothing() {
    createFilterImages();
    Image f = image("f", "p1", Visibility.PUBLIC, 6);
    f.setSize(20L);
    f.setVirtualSize(21L);
    f.setMinRam(512);
    f.setMinDisk(3);
    f.setOsHashAlgo("sha512");
    createAll(f);
    ImageQuery query = everything();
    query.osHidden = null;
    query.size = 20L;
    assertThat(listNames(query)).containsExactly("f", "b");
    query.virtualSize = 21L;
    query.minRam = 512;
    query.minDisk = 3;
    query.osHashAlgo = "sha512";
    assertThat(listNames(query)).containsExactly("f");
    query.matchesNothing = true;
    assertThat(listNames(query)).isEmpty();
  }

  @Test
  default void checksumAndHashFilters() {
    createFilterImages();
    ImageQuery query = everything();
    query.checksum = "aaaa";
    assertThat(listNames(query)).containsExactly("e", "a");
    query.osHashValue = "hash-a";
    assertThat(listNames(query)).containsExactly("a");
  }

  @Test
  default void timeFiltersCompareWithEachOperator() {
    createFilterImages();
    assertThat(listNames(at("created_at", Op.EQ, 2))).containsExactly("b");
    assertThat(listNames(at("created_at", Op.NEQ, 2))).containsExactly("e", "c", "a");
    assertThat(listNames(at("created_at", Op.GT, 3))).containsExactly("e");
    assertThat(listNames(at("created_at", Op.GTE, 3))).containsExactly("e", "c");
    assertThat(listNames(at("created_at", Op.LT, 2))).containsExactly("a");
    assertThat(listNames(at("created_at", Op.LTE, 2))).containsExactly("b", "a");
    assertThat(listNames(at("updated_at", Op.GT, 50))).containsExactly("c");
  }

  private static ImageQuery at(String column, Op op, int second) {
    ImageQuery query = everything();
    query.times.add(new TimeFilter(column, op, T0.plusSeconds(second)));
    return query;
  }

  @Test
  default void everyTagAndPropertyMustMatch() {
    createFilterImages();
    ImageQuery tags = everything();
    tags.tags.add("x");
    assertThat(listNames(tags)).containsExactly("b", "a");
    tags.tags.add("y");
    assertThat(listNames(tags)).containsExactly("a");

    ImageQuery props = everything();
    props.properties.put("os_distro", "debian");
    assertThat(listNames(props)).containsExactly("b", "a");
    props.properties.put("arch", "aarch64");
    assertThat(listNames(props)).containsExactly("b");
    props.properties.put("arch", "sparc");
    assertThat(listNames(props)).isEmpty();
  }

  @Test
  default void manyTagsAndPropertiesMatchAllOrNothing() {
    createFilterImages();
    Image many = image("many", "p1", Visibility.PUBLIC, 9);
    Set<String> twenty = new java.util.LinkedHashSet<>();
    Map<String, String> properties = new java.util.LinkedHashMap<>();
    for (int i = 0; i < 20; i++) {
      twenty.add("t" + i);
      properties.put("k" + i, "v" + i);
    }
    many.setTags(twenty);
    many.setProperties(properties);
    images().create(many);

    ImageQuery all = everything();
    all.tags.addAll(twenty);
    all.tags.add("t0"); // asked twice, still one tag
    all.properties.putAll(properties);
    assertThat(listNames(all)).containsExactly("many");

    all.tags.add("x"); // one more tag, which "many" lacks and "a" has
    assertThat(listNames(all)).isEmpty();

    ImageQuery wrongValue = everything();
    wrongValue.properties.putAll(properties);
    wrongValue.properties.put("k19", "other");
    assertThat(listNames(wrongValue)).isEmpty();
  }

  @Test
  default void isPublicSplitsPublicFromTheRest() {
    createFilterImages();
    ImageQuery query = everything();
    query.osHidden = null;
    query.isPublic = true;
    assertThat(listNames(query)).containsExactly("e", "a");
    query.isPublic = false;
    assertThat(listNames(query)).containsExactly("d", "c", "b");
  }

  @Test
  default void deletedAndKilledImagesAppearOnlyInChangesSinceListings() {
    createFilterImages();
    images().delete(TestImages.id("a"), T0.plusSeconds(200));
    Image killed = image("killed", "p1", Visibility.PUBLIC, 6);
    killed.setStatus(ImageStatus.KILLED);
    killed.setUpdatedAt(T0.plusSeconds(150));
    images().create(killed);

    assertThat(listNames(everything())).containsExactly("e", "c", "b");

    ImageQuery changes = everything();
    changes.changesSince = T0.plusSeconds(50);
    assertThat(listNames(changes)).containsExactly("killed", "c", "a");
    Image deleted = images().list(changes).get(2);
    assertThat(deleted.isDeleted()).isTrue();
    assertThat(deleted.getTags()).containsExactlyInAnyOrder("x", "y");
  }

  @Test
  default void limitCutsThePage() {
    createFilterImages();
    ImageQuery query = everything();
    query.limit = 2;
    assertThat(listNames(query)).containsExactly("e", "c");
    query.limit = 0;
    assertThat(listNames(query)).isEmpty();
  }

  @Test
  default void listedImagesCarryTheirTagsAndProperties() {
    createFilterImages();
    List<Image> listed = images().list(where("name", "a", "b"));
    assertThat(listed.get(1).getTags()).containsExactlyInAnyOrder("x", "y");
    assertThat(listed.get(1).getProperties()).containsEntry("arch", "x86_64").hasSize(2);
    assertThat(listed.get(0).getProperties()).containsEntry("arch", "aarch64");
  }
}
