package org.glimpse.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glimpse.db.TestImages.T0;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.ImageQuery;
import org.glimpse.core.image.ImageQuery.Sort;
import org.glimpse.core.image.ImageQuery.VisibilityFilter;
import org.glimpse.core.image.ImageStatus;
import org.glimpse.core.image.Member;
import org.glimpse.core.image.MemberStatus;
import org.glimpse.core.image.SortKey;
import org.glimpse.core.image.Visibility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keyset pagination: walking every page, with each sort key in each direction, lists every image
 * exactly once and in the order {@link ExpectedOrder} computes, NULLs sorting lowest.
 */
interface PaginationContract extends RepositoryFixture {

  static Stream<Arguments> sortOrders() {
    Stream<List<Sort>> single = Stream.of(SortKey.values())
        .flatMap(key -> Stream.of(List.of(new Sort(key, true)), List.of(new Sort(key, false))));
    Stream<List<Sort>> combined = Stream.of(
        List.of(),
        List.of(new Sort(SortKey.NAME, true), new Sort(SortKey.SIZE, false)),
        List.of(new Sort(SortKey.STATUS, false), new Sort(SortKey.DISK_FORMAT, true)),
        List.of(new Sort(SortKey.CONTAINER_FORMAT, true), new Sort(SortKey.CREATED_AT, false)),
        List.of(new Sort(SortKey.SIZE, true), new Sort(SortKey.SIZE, false)),
        List.of(new Sort(SortKey.ID, false), new Sort(SortKey.NAME, true)));
    return Stream.concat(single, combined).map(Arguments::of);
  }

  /** Names with NULLs, '' and ties (upper and lower case sort apart), sizes and formats alike. */
  private void createPaginationImages() {
    createPaginationImages(i -> Visibility.PUBLIC);
  }

  /** The same images, project p(i % 3) owning image i, with the given visibilities. */
  private void createPaginationImages(IntFunction<Visibility> visibility) {
    String[] names = {null, "alpha", "", "Beta", "alpha", null, "beta", "gamma", "Alpha",
        "alpha", "zeta", null, "delta", "beta"};
    Long[] sizes = {null, 0L, 5L, 5L, null, 10L, 3L, 5L, null, 0L, 1L << 40, 7L, 5L, null};
    String[] diskFormats = {null, "qcow2", "raw", "raw", null, "iso", "qcow2", null, "raw",
        "vmdk", "raw", "qcow2", null, "ami"};
    String[] containerFormats = {"bare", null, "ovf", "bare", "bare", null, "ova", "bare",
        null, "docker", "bare", "ovf", "bare", null};
    ImageStatus[] statuses = {ImageStatus.ACTIVE, ImageStatus.QUEUED, ImageStatus.ACTIVE,
        ImageStatus.SAVING};
    for (int i = 0; i < names.length; i++) {
      // created_at repeats in threes and updated_at in fours, to exercise the tie-breakers
      Image image = TestImages.image("img" + i, "p" + (i % 3), visibility.apply(i), i / 3);
      image.setName(names[i]);
      image.setSize(sizes[i]);
      image.setDiskFormat(diskFormats[i]);
      image.setContainerFormat(containerFormats[i]);
      image.setStatus(statuses[i % statuses.length]);
      image.setUpdatedAt(T0.plusSeconds(100 - i / 4));
      images().create(image);
    }
  }

  @ParameterizedTest(name = "sorted by {0}")
  @MethodSource("org.glimpse.db.PaginationContract#sortOrders")
  default void walkingAllPagesListsEveryImageOnceInOrder(List<Sort> sort) {
    createPaginationImages();
    ImageQuery all = TestImages.everything();
    all.sort.addAll(sort);
    List<Image> expected = new ArrayList<>(images().list(all));
    assertThat(expected).hasSize(14);
    expected.sort(ExpectedOrder.of(sort));

    for (int pageSize : new int[] {1, 3, 5}) {
      List<String> walked = walk(TestImages.everything(), sort, pageSize);
      assertThat(walked).as("page size %d", pageSize)
          .containsExactlyElementsOf(expected.stream().map(Image::getId).toList());
    }
  }

  @Test
  default void pagesOfARegularViewerKeepItsVisibility() {
    createPaginationImages();
    Image hidden = TestImages.image("private", "p9", Visibility.PRIVATE, 2);
    images().create(hidden);
    List<Sort> byName = List.of(new Sort(SortKey.NAME, true));

    List<String> walked = walk(TestImages.asViewer("p0"), byName, 4);
    Comparator<Image> order = ExpectedOrder.of(byName);
    ImageQuery everyone = TestImages.everything();
    List<String> expected = images().list(everyone).stream()
        .filter(image -> !image.getId().equals(hidden.getId())).sorted(order)
        .map(Image::getId).toList();
    assertThat(walked).containsExactlyElementsOf(expected);
  }

  /**
   * A regular viewer's listing is a union of paths (own images, others' public or community ones,
   * images shared with it); pages must cross them without losing or repeating an image, whatever
   * the order. The expectation is Glance's rule written out in Java.
   */
  @ParameterizedTest(name = "sorted by {0}")
  @MethodSource("org.glimpse.db.PaginationContract#sortOrders")
  default void pagesAcrossOwnPublicAndSharedImagesListEachVisibleImageOnce(List<Sort> sort) {
    Visibility[] cycle = {Visibility.PUBLIC, Visibility.SHARED, Visibility.PRIVATE,
        Visibility.COMMUNITY, Visibility.SHARED};
    createPaginationImages(i -> cycle[i % cycle.length]);
    // p0 holds memberships of every shared image of p1 and p2, in turn accepted, pending, rejected
    MemberStatus[] statuses = MemberStatus.values();
    List<Image> all = images().list(TestImages.everything());
    Map<String, MemberStatus> memberships = new HashMap<>();
    for (Image image : all) {
      if (image.getVisibility() == Visibility.SHARED && !image.getOwner().equals("p0")) {
        MemberStatus status = statuses[memberships.size() % statuses.length];
        addMembers(new Member(image.getId(), "p0", status, false, image.getCreatedAt(),
            image.getCreatedAt()));
        memberships.put(image.getId(), status);
      }
    }
    for (VisibilityFilter filter : List.of(VisibilityFilter.DEFAULT, VisibilityFilter.ALL,
        VisibilityFilter.SHARED, VisibilityFilter.PUBLIC, VisibilityFilter.COMMUNITY)) {
      for (MemberStatus status : new MemberStatus[] {MemberStatus.ACCEPTED, MemberStatus.PENDING, null}) {
        Predicate<Image> visible = image -> visibleToP0(image, memberships, filter, status);
        List<String> expected = all.stream().filter(visible).sorted(ExpectedOrder.of(sort))
            .map(Image::getId).toList();
        for (int pageSize : new int[] {1, 2, 5}) {
          ImageQuery template = TestImages.asViewer("p0");
          template.visibility = filter;
          template.memberStatus = status;
          assertThat(walk(template, sort, pageSize))
              .as("%s, member status %s, page size %d", filter, status, pageSize)
              .containsExactlyElementsOf(expected);
        }
      }
    }
  }

  /** Glance's listing rule for project p0, given the memberships made above. */
  private static boolean visibleToP0(Image image, Map<String, MemberStatus> memberships,
      VisibilityFilter filter, MemberStatus status) {
    boolean own = image.getOwner().equals("p0");
    Visibility v = image.getVisibility();
    boolean reachable = own || v == Visibility.PUBLIC || v == Visibility.COMMUNITY
        || (v == Visibility.SHARED && memberships.containsKey(image.getId())
            && (status == null || memberships.get(image.getId()) == status));
    boolean kept = switch (filter) {
      case DEFAULT -> own || v != Visibility.COMMUNITY;
      case ALL -> true;
      default -> v.name().equals(filter.name());
    };
    return reachable && kept;
  }

  private List<String> walk(ImageQuery template, List<Sort> sort, int pageSize) {
    List<String> walked = new ArrayList<>();
    Image marker = null;
    for (int pages = 0; pages < 100; pages++) {
      ImageQuery query = TestImages.asViewer(template.viewer);
      query.viewerIsAdmin = template.viewerIsAdmin;
      query.visibility = template.visibility;
      query.memberStatus = template.memberStatus;
      query.sort.addAll(sort);
      query.limit = pageSize;
      query.marker = marker;
      List<Image> page = images().list(query);
      page.forEach(image -> walked.add(image.getId()));
      if (page.size() < pageSize) {
        return walked;
      }
      marker = page.get(page.size() - 1);
    }
    throw new AssertionError("pagination does not end: " + walked);
  }
}
