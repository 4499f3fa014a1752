package org.glimpse.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.metadef.MetadefObject;
import org.glimpse.core.metadef.MetadefProperty;
import org.glimpse.core.metadef.MetadefTag;
import org.glimpse.core.metadef.Namespace;
import org.glimpse.core.metadef.NamespaceContent;
import org.glimpse.core.metadef.NamespaceQuery;
import org.glimpse.core.metadef.ResourceType;
import org.glimpse.core.metadef.ResourceTypeAssociation;
import org.glimpse.core.port.MetadefRepository;
import org.junit.jupiter.api.Test;

/** The metadata definitions catalog: namespaces with their contents, names, visibility, paging. */
interface MetadefContract extends RepositoryFixture {
  Instant T0 = Instant.parse("2024-03-01T10:00:00.123456Z");

  MetadefRepository metadefs();

  private static Namespace ns(String name, String owner, String visibility, int second) {
    Instant at = T0.plusSeconds(second);
    return new Namespace(name, "Display " + name, "about " + name, visibility, false, owner, at, at);
  }

  private static MetadefTag tag(String name, int second) {
    return new MetadefTag(name, T0.plusSeconds(second), T0.plusSeconds(second));
  }

  private static NamespaceQuery query(boolean admin, String viewer, Namespace marker, int limit,
      String sortKey, boolean asc) {
    return new NamespaceQuery(admin, viewer, null, List.of(), marker, limit, sortKey, asc);
  }

  private List<String> names(NamespaceQuery q) {
    return metadefs().listNamespaces(q).stream().map(Namespace::name).toList();
  }

  @Test
  default void aNamespaceIsCreatedWithItsContentAndReadBackExactly() {
    Namespace ns = ns("OS::Compute::Demo", "p1", "public", 0);
    MetadefObject object = new MetadefObject("cpu", "CPU settings", List.of("a\"quoted", "b"),
        "{\"a\": {\"type\": \"string\", \"title\": \"A\"}}", T0, T0);
    metadefs().createNamespace(ns, new NamespaceContent(
        List.of(new ResourceTypeAssociation("OS::Nova::Flavor", "hw:", null, T0, T0)),
        List.of(new MetadefProperty("speed", "{\"type\": \"integer\", \"title\": \"Speed\"}")),
        List.of(object), List.of(tag("fast", 0), tag("slow", 1))));

    assertThat(metadefs().findNamespace("OS::Compute::Demo")).contains(ns);
    assertThat(metadefs().findNamespace("os::compute::demo")).isEmpty();
    NamespaceContent content = metadefs().content("OS::Compute::Demo");
    assertThat(content.objects()).containsExactly(object);
    assertThat(content.properties()).containsExactly(
        new MetadefProperty("speed", "{\"type\": \"integer\", \"title\": \"Speed\"}"));
    // newest first, as a namespace shows them
    assertThat(content.tags()).extracting(MetadefTag::name).containsExactly("slow", "fast");
    assertThat(content.associations()).containsExactly(
        new ResourceTypeAssociation("OS::Nova::Flavor", "hw:", null, T0, T0));
    assertThat(metadefs().listResourceTypes()).extracting(ResourceType::name).containsExactly("OS::Nova::Flavor");
  }

  @Test
  default void aDuplicateNamespaceConflictsAndLeavesNothingOfItsContent() {
    metadefs().createNamespace(ns("dup", "p1", "private", 0), NamespaceContent.EMPTY);
    assertThatThrownBy(() -> metadefs().createNamespace(ns("dup", "p2", "public", 1),
        new NamespaceContent(List.of(), List.of(), List.of(), List.of(tag("t", 1)))))
        .isInstanceOf(ConflictException.class).hasMessageContaining("dup");
    assertThat(metadefs().findNamespace("dup").orElseThrow().owner()).isEqualTo("p1");
    assertThat(metadefs().listTags("dup")).isEmpty();
    // a content name given twice fails the whole create
    assertThatThrownBy(() -> metadefs().createNamespace(ns("twice", "p1", "private", 0),
        new NamespaceContent(List.of(), List.of(), List.of(), List.of(tag("t", 1), tag("t", 2)))))
        .isInstanceOf(ConflictException.class);
    assertThat(metadefs().findNamespace("twice")).isEmpty();
  }

  @Test
  default void listingsShowWhatTheCallerMaySeeInOrderAndByPage() {
    metadefs().createNamespace(ns("a-public", "p1", "public", 1), NamespaceContent.EMPTY);
    metadefs().createNamespace(ns("b-private-p1", "p1", "private", 2), NamespaceContent.EMPTY);
    metadefs().createNamespace(ns("c-private-p2", "p2", "private", 3), NamespaceContent.EMPTY);
    metadefs().createNamespace(ns("d-ownerless", null, "private", 4), NamespaceContent.EMPTY);

    assertThat(names(query(true, "x", null, 10, "created_at", false)))
        .containsExactly("d-ownerless", "c-private-p2", "b-private-p1", "a-public");
    assertThat(names(query(false, "p1", null, 10, "created_at", true)))
        .containsExactly("a-public", "b-private-p1", "d-ownerless");
    assertThat(names(query(false, null, null, 10, "namespace", true)))
        .containsExactly("a-public", "d-ownerless");
    assertThat(names(new NamespaceQuery(true, null, "private", List.of(), null, 10, "namespace", false)))
        .containsExactly("d-ownerless", "c-private-p2", "b-private-p1");

    Namespace marker = metadefs().findNamespace("b-private-p1").orElseThrow();
    assertThat(names(query(true, null, marker, 2, "namespace", true))).containsExactly("c-private-p2", "d-ownerless");
    assertThat(names(query(true, null, marker, 10, "namespace", false))).containsExactly("a-public");
    // equal sort keys fall back on created_at
    assertThat(names(query(true, null, marker, 10, "visibility", true)))
        .containsExactly("c-private-p2", "d-ownerless", "a-public");
    assertThat(names(query(true, null, null, 1, "owner", true))).containsExactly("d-ownerless");
  }

  @Test
  default void listingsFilterByResourceType() {
    metadefs().createNamespace(ns("img", "p1", "public", 1), new NamespaceContent(
        List.of(new ResourceTypeAssociation("OS::Glance::Image", null, null, T0, T0)), List.of(), List.of(), List.of()));
    metadefs().createNamespace(ns("vol", "p1", "public", 2), NamespaceContent.EMPTY);
    metadefs().createAssociation("vol", new ResourceTypeAssociation("OS::Cinder::Volume", "v_", "image", T0, T0));
    assertThat(names(new NamespaceQuery(false, "p9", null, List.of("OS::Cinder::Volume"), null, 10, "namespace", true)))
        .containsExactly("vol");
    assertThat(names(new NamespaceQuery(false, "p9", null, List.of("OS::Glance::Image", "OS::Cinder::Volume"), null,
        10, "namespace", true))).containsExactly("img", "vol");
    assertThat(names(new NamespaceQuery(false, "p9", null, List.of("nope"), null, 10, "namespace", true))).isEmpty();
  }

  @Test
  default void aRenamedNamespaceKeepsItsContentAndARenameOntoAnotherConflicts() {
    metadefs().createNamespace(ns("old", "p1", "private", 0), new NamespaceContent(List.of(), List.of(),
        List.of(), List.of(tag("t", 0))));
    metadefs().createNamespace(ns("other", "p1", "private", 0), NamespaceContent.EMPTY);
    Namespace renamed = new Namespace("new", null, null, "public", true, "p2", T0, T0.plusSeconds(9));
    assertThat(metadefs().updateNamespace("old", renamed)).isEqualTo(renamed);
    assertThat(metadefs().findNamespace("old")).isEmpty();
    assertThat(metadefs().listTags("new")).extracting(MetadefTag::name).containsExactly("t");
    assertThatThrownBy(() -> metadefs().updateNamespace("new",
        new Namespace("other", null, null, "public", false, "p2", T0, T0))).isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> metadefs().updateNamespace("gone", renamed)).isInstanceOf(NotFoundException.class);
  }

  @Test
  default void deletingANamespaceDeletesItsContentButNotTheResourceTypes() {
    metadefs().createNamespace(ns("n", "p1", "private", 0), new NamespaceContent(
        List.of(new ResourceTypeAssociation("OS::Glance::Image", null, null, T0, T0)),
        List.of(new MetadefProperty("p", "{}")),
        List.of(new MetadefObject("o", null, List.of(), null, T0, T0)), List.of(tag("t", 0))));
    metadefs().deleteNamespace("n");
    assertThat(metadefs().findNamespace("n")).isEmpty();
    assertThatThrownBy(() -> metadefs().listTags("n")).isInstanceOf(NotFoundException.class);
    metadefs().createNamespace(ns("n", "p1", "private", 0), NamespaceContent.EMPTY);
    assertThat(metadefs().content("n")).isEqualTo(NamespaceContent.EMPTY);
    assertThat(metadefs().listResourceTypes()).extracting(ResourceType::name).containsExactly("OS::Glance::Image");
    assertThatThrownBy(() -> metadefs().deleteNamespace("missing")).isInstanceOf(NotFoundException.class);
  }

  @Test
  default void objectsArePerNamespaceRenamedAndDeleted() {
    metadefs().createNamespace(ns("n1", "p1", "private", 0), NamespaceContent.EMPTY);
    metadefs().createNamespace(ns("n2", "p1", "private", 0), NamespaceContent.EMPTY);
    MetadefObject o = new MetadefObject("o", "d", List.of("x"), "{\"x\": {}}", T0, T0);
    metadefs().createObject("n1", o);
    metadefs().createObject("n2", o);
    metadefs().createObject("n1", new MetadefObject("later", null, List.of(), null, T0.plusSeconds(1), T0.plusSeconds(1)));
    assertThatThrownBy(() -> metadefs().createObject("n1", o)).isInstanceOf(ConflictException.class);
    assertThat(metadefs().listObjects("n1")).extracting(MetadefObject::name).containsExactly("later", "o");

    MetadefObject renamed = new MetadefObject("p", null, List.of(), null, T0, T0.plusSeconds(5));
    metadefs().updateObject("n1", "o", renamed);
    assertThat(metadefs().findObject("n1", "p")).contains(renamed);
    assertThat(metadefs().findObject("n1", "o")).isEmpty();
    assertThatThrownBy(() -> metadefs().updateObject("n1", "p", new MetadefObject("later", null, List.of(), null, T0, T0)))
        .isInstanceOf(ConflictException.class);
    metadefs().deleteObject("n1", "p");
    assertThatThrownBy(() -> metadefs().deleteObject("n1", "p")).isInstanceOf(NotFoundException.class);
    metadefs().deleteObjects("n1");
    assertThat(metadefs().listObjects("n1")).isEmpty();
    assertThat(metadefs().listObjects("n2")).containsExactly(o);
  }

  @Test
  default void propertiesAreCreatedRenamedAndDeleted() {
    metadefs().createNamespace(ns("n", "p1", "private", 0), NamespaceContent.EMPTY);
    metadefs().createProperty("n", new MetadefProperty("a", "{\"type\": \"string\"}"));
    assertThatThrownBy(() -> metadefs().createProperty("n", new MetadefProperty("a", "{}")))
        .isInstanceOf(ConflictException.class);
    metadefs().updateProperty("n", "a", new MetadefProperty("b", "{\"type\": \"integer\"}"));
    assertThat(metadefs().listProperties("n")).containsExactly(new MetadefProperty("b", "{\"type\": \"integer\"}"));
    assertThatThrownBy(() -> metadefs().updateProperty("n", "a", new MetadefProperty("c", "{}")))
        .isInstanceOf(NotFoundException.class);
    metadefs().deleteProperties("n");
    assertThat(metadefs().findProperty("n", "b")).isEmpty();
  }

  @Test
  default void tagsAreReplacedOrAppendedAsAWhole() {
    metadefs().createNamespace(ns("n", "p1", "private", 0), NamespaceContent.EMPTY);
    metadefs().createTag("n", tag("old", 0));
    assertThatThrownBy(() -> metadefs().createTag("n", tag("old", 1))).isInstanceOf(ConflictException.class);
    metadefs().createTags("n", List.of(tag("a", 1), tag("b", 1)), false);
    assertThat(metadefs().listTags("n")).extracting(MetadefTag::name).containsExactly("a", "b");
    metadefs().createTags("n", List.of(tag("c", 2)), true);
    assertThat(metadefs().listTags("n")).extracting(MetadefTag::name).containsExactly("a", "b", "c");
    assertThatThrownBy(() -> metadefs().createTags("n", List.of(tag("d", 3), tag("a", 3)), true))
        .isInstanceOf(ConflictException.class);
    assertThat(metadefs().listTags("n")).extracting(MetadefTag::name).containsExactly("a", "b", "c");
    metadefs().updateTag("n", "a", tag("z", 4));
    assertThat(metadefs().findTag("n", "z")).contains(new MetadefTag("z", T0.plusSeconds(1), T0.plusSeconds(4)));
    metadefs().deleteTag("n", "z");
    assertThat(metadefs().listTags("n")).extracting(MetadefTag::name).containsExactly("b", "c");
  }

  @Test
  default void associationsCreateMissingTypesAndAreRemovedOnce() {
    metadefs().createNamespace(ns("n", "p1", "private", 0), NamespaceContent.EMPTY);
    metadefs().createNamespace(ns("m", "p1", "private", 0), NamespaceContent.EMPTY);
    ResourceTypeAssociation a = new ResourceTypeAssociation("OS::Nova::Server", "os_", "metadata", T0, T0);
    metadefs().createAssociation("n", a);
    metadefs().createAssociation("m", a);
    assertThatThrownBy(() -> metadefs().createAssociation("n", a)).isInstanceOf(ConflictException.class);
    assertThat(metadefs().listAssociations("n")).containsExactly(a);
    assertThat(metadefs().listResourceTypes()).extracting(ResourceType::name).containsExactly("OS::Nova::Server");
    metadefs().deleteAssociation("n", "OS::Nova::Server");
    assertThat(metadefs().listAssociations("n")).isEmpty();
    assertThat(metadefs().listAssociations("m")).containsExactly(a);
    assertThatThrownBy(() -> metadefs().deleteAssociation("n", "OS::Nova::Server")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> metadefs().deleteAssociation("n", "OS::Nope")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> metadefs().createAssociation("missing", a)).isInstanceOf(NotFoundException.class);
  }

  @Test
  default void clearEmptiesTheCatalogAndAllNamespacesListsEveryOne() {
    metadefs().createNamespace(ns("b", "p1", "private", 0), new NamespaceContent(
        List.of(new ResourceTypeAssociation("OS::Glance::Image", null, null, T0, T0)), List.of(), List.of(),
        List.of(tag("t", 0))));
    metadefs().createNamespace(ns("a", "p2", "public", 1), NamespaceContent.EMPTY);
    assertThat(metadefs().allNamespaces()).extracting(Namespace::name).containsExactly("a", "b");
    metadefs().clear();
    assertThat(metadefs().allNamespaces()).isEmpty();
    assertThat(metadefs().listResourceTypes()).isEmpty();
  }
}
