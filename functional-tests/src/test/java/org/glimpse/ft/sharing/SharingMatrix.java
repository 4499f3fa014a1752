package org.glimpse.ft.sharing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Who may do what with an image, by its visibility: the expected answer of every operation for
 * every caller of the matrix's columns, as the reference Glance (Zed) gives it under one policy.
 * {@link #LEGACY} is Glance's default configuration; {@link #SECURE_RBAC} the same Glance with
 * the secure-RBAC rules of {@code etc/policy-secure-rbac.yaml} loaded ({@link SecureRbacTable}).
 * Every image starts shared by the owner with three projects that answered pending, accepted and
 * rejected; it is then turned to the row's visibility, so those memberships stay in the database
 * whatever the visibility. The table's header names its columns ({@link Actor#column}).
 *
 * <p>A cell is the HTTP status, except: {@code +} / {@code -} for a listing (200, and the image
 * is / is not in it; every listing is filtered on a tag only the four matrix images carry, so
 * the whole list is checked too); {@code all} / {@code own} for the member list (200 with all
 * three memberships / with only the caller's). {@code member-own}, {@code status-own} and {@code
 * remove-own} address the caller's own membership (for callers that hold none: their project,
 * or "anonymous"); {@code *-other} another project's (the accepted member's; for the accepted
 * member, the pending one's). {@code status-*} asks for "accepted"; {@code member-add} adds a new
 * project; {@code update} renames; {@code tag} adds a tag. Operations that change something run
 * on a fresh image per cell.
 *
 * <p>One deliberate difference from Glance: an anonymous caller never lists shared images. Glance
 * lists to anonymous callers every shared image that has members (its member query drops the
 * member condition when there is no project), although it answers 404 to showing them.
 */
final class SharingMatrix {
  private static final String LEGACY_TABLE = """
      # operation                  visibility owner  pending  accepted  rejected  stranger  admin  anonymous
      show                         public     200    200      200       200       200       200    200
      show                         private    200    404      404       404       404       200    404
      show                         shared     200    200      200       200       404       200    404
      show                         community  200    200      200       200       200       200    200

      list                         public     +      +        +         +         +         +      +
      list                         private    +      -        -         -         -         +      -
      list                         shared     +      -        +         -         -         +      -
      list                         community  +      -        -         -         -         -      -

      list?member_status=pending   public     +      +        +         +         +         +      +
      list?member_status=pending   private    +      -        -         -         -         +      -
      list?member_status=pending   shared     +      +        -         -         -         +      -
      list?member_status=pending   community  +      -        -         -         -         -      -

      list?member_status=accepted  public     +      +        +         +         +         +      +
      list?member_status=accepted  private    +      -        -         -         -         +      -
      list?member_status=accepted  shared     +      -        +         -         -         +      -
      list?member_status=accepted  community  +      -        -         -         -         -      -

      list?member_status=rejected  public     +      +        +         +         +         +      +
      list?member_status=rejected  private    +      -        -         -         -         +      -
      list?member_status=rejected  shared     +      -        -         +         -         +      -
      list?member_status=rejected  community  +      -        -         -         -         -      -

      list?member_status=all       public     +      +        +         +         +         +      +
      list?member_status=all       private    +      -        -         -         -         +      -
      list?member_status=all       shared     +      +        +         +         -         +      -
      list?member_status=all       community  +      -        -         -         -         -      -

      list?visibility=public       public     +      +        +         +         +         +      +
      list?visibility=public       private    -      -        -         -         -         -      -
      list?visibility=public       shared     -      -        -         -         -         -      -
      list?visibility=public       community  -      -        -         -         -         -      -

      list?visibility=private      public     -      -        -         -         -         -      -
      list?visibility=private      private    +      -        -         -         -         +      -
      list?visibility=private      shared     -      -        -         -         -         -      -
      list?visibility=private      community  -      -        -         -         -         -      -

      list?visibility=shared       public     -      -        -         -         -         -      -
      list?visibility=shared       private    -      -        -         -         -         -      -
      list?visibility=shared       shared     +      -        +         -         -         +      -
      list?visibility=shared       community  -      -        -         -         -         -      -

      list?visibility=community    public     -      -        -         -         -         -      -
      list?visibility=community    private    -      -        -         -         -         -      -
      list?visibility=community    shared     -      -        -         -         -         -      -
      list?visibility=community    community  +      +        +         +         +         +      +

      list?visibility=all          public     +      +        +         +         +         +      +
      list?visibility=all          private    +      -        -         -         -         +      -
      list?visibility=all          shared     +      -        +         -         -         +      -
      list?visibility=all          community  +      +        +         +         +         +      +

      download                     public     200    200      200       200       200       200    200
      download                     private    200    404      404       404       404       200    404
      download                     shared     200    200      200       200       404       200    404
      download                     community  200    200      200       200       200       200    200

      members                      public     403    403      403       403       403       403    403
      members                      private    403    404      404       404       404       403    404
      members                      shared     all    own      own       own       404       all    404
      members                      community  403    403      403       403       403       403    403

      member-own                   public     404    404      404       404       404       404    404
      member-own                   private    404    404      404       404       404       404    404
      member-own                   shared     404    200      200       200       404       404    404
      member-own                   community  404    404      404       404       404       404    404

      member-other                 public     404    404      404       404       404       404    404
      member-other                 private    404    404      404       404       404       404    404
      member-other                 shared     200    404      404       404       404       200    404
      member-other                 community  404    404      404       404       404       404    404

      update                       public     200    403      403       403       403       200    403
      update                       private    200    404      404       404       404       200    403
      update                       shared     200    403      403       403       404       200    403
      update                       community  200    403      403       403       403       200    403

      delete                       public     204    403      403       403       403       204    403
      delete                       private    204    404      404       404       404       204    403
      delete                       shared     204    403      403       403       404       204    403
      delete                       community  204    403      403       403       403       204    403

      tag                          public     204    403      403       403       403       204    403
      tag                          private    204    404      404       404       404       204    403
      tag                          shared     204    403      403       403       404       204    403
      tag                          community  204    403      403       403       403       204    403

      deactivate                   public     204    403      403       403       403       204    403
      deactivate                   private    204    404      404       404       404       204    403
      deactivate                   shared     204    403      403       403       404       204    403
      deactivate                   community  204    403      403       403       403       204    403

      member-add                   public     403    403      403       403       403       403    403
      member-add                   private    403    404      404       404       404       403    403
      member-add                   shared     200    403      403       403       404       200    403
      member-add                   community  403    403      403       403       403       403    403

      status-own                   public     403    403      403       403       403       403    403
      status-own                   private    403    404      404       404       404       403    403
      status-own                   shared     403    200      200       200       404       404    403
      status-own                   community  403    403      403       403       403       403    403

      status-other                 public     403    403      403       403       403       403    403
      status-other                 private    403    404      404       404       404       403    403
      status-other                 shared     403    404      404       404       404       200    403
      status-other                 community  403    403      403       403       403       403    403

      remove-own                   public     403    403      403       403       403       403    403
      remove-own                   private    403    404      404       404       404       403    403
      remove-own                   shared     404    403      403       403       404       404    403
      remove-own                   community  403    403      403       403       403       403    403

      remove-other                 public     403    403      403       403       403       403    403
      remove-other                 private    403    404      404       404       404       403    403
      remove-other                 shared     204    403      403       403       404       204    403
      remove-other                 community  403    403      403       403       403       403    403
      """;

  /** Operations that change the image or its members: each of their cells gets a fresh image. */
  static final Set<String> MUTATING = Set.of("update", "delete", "tag", "deactivate", "member-add",
      "status-own", "status-other", "remove-own", "remove-other");

  static final List<String> VISIBILITIES = List.of("public", "private", "shared", "community");

  /** Glance's default policy: the deprecated rules are in force, and so are its owner checks. */
  static final SharingMatrix LEGACY = new SharingMatrix(LEGACY_TABLE);
  /** Glance with the policy file {@code etc/policy-secure-rbac.yaml}. */
  static final SharingMatrix SECURE_RBAC = new SharingMatrix(SecureRbacTable.TABLE);

  /** One expectation: what {@code actor} gets doing {@code operation} on an image of {@code visibility}. */
  record Cell(String operation, String visibility, Actor actor, String expected) {
    @Override
    public String toString() {
      return operation + " | " + visibility + " | " + actor.column() + " -> " + expected;
    }
  }

  /** The callers, in the order of the table's columns. */
  private final List<Actor> actors = new ArrayList<>();
  private final Map<String, Cell> cells = new LinkedHashMap<>();

  private SharingMatrix(String table) {
    parse(table);
  }

  List<Cell> cells() {
    return List.copyOf(cells.values());
  }

  List<Actor> actors() {
    return List.copyOf(actors);
  }

  String expected(String operation, String visibility, Actor actor) {
    Cell cell = cells.get(key(operation, visibility, actor));
    if (cell == null) {
      throw new IllegalArgumentException("no cell " + key(operation, visibility, actor));
    }
    return cell.expected();
  }

  /**
   * The table again, in this matrix's rows and columns, with each cell's text given by {@code
   * value}: how a run records what a server answered, in a form that can replace a table.
   */
  String format(Function<Cell, String> value) {
    List<List<String>> rows = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("# operation", "visibility"));
    actors.forEach(a -> header.add(a.column()));
    rows.add(header);
    String previous = null;
    for (Cell cell : cells.values()) {
      if (cell.actor() != actors.get(0)) {
        continue;
      }
      if (!cell.operation().equals(previous)) {
        rows.add(List.of());
        previous = cell.operation();
      }
      List<String> row = new ArrayList<>(List.of(cell.operation(), cell.visibility()));
      actors.forEach(a -> row.add(value.apply(cells.get(key(cell.operation(), cell.visibility(), a)))));
      rows.add(row);
    }
    int[] widths = new int[header.size()];
    rows.forEach(r -> {
      for (int i = 0; i < r.size(); i++) {
        widths[i] = Math.max(widths[i], r.get(i).length());
      }
    });
    StringBuilder out = new StringBuilder();
    for (List<String> r : rows) {
      for (int i = 0; i < r.size(); i++) {
        out.append(i == r.size() - 1 ? r.get(i) : String.format("%-" + (widths[i] + 2) + "s", r.get(i)));
      }
      out.append('\n');
    }
    return out.toString();
  }

  private void parse(String table) {
    for (String line : table.split("\n")) {
      List<String> words = Arrays.asList(line.trim().split("\\s+"));
      if (line.isBlank()) {
        continue;
      }
      if (words.get(0).equals("#")) {
        for (String name : words.subList(3, words.size())) {
          actors.add(Actor.ofColumn(name));
        }
        if (actors.isEmpty() || actors.size() != Set.copyOf(actors).size()) {
          throw new IllegalStateException("matrix columns must name distinct actors: " + line);
        }
        continue;
      }
      if (actors.isEmpty() || words.size() != 2 + actors.size()
          || !VISIBILITIES.contains(words.get(1))) {
        throw new IllegalStateException("malformed matrix row: " + line);
      }
      for (int i = 0; i < actors.size(); i++) {
        Cell cell = new Cell(words.get(0), words.get(1), actors.get(i), words.get(2 + i));
        if (cells.put(key(cell.operation(), cell.visibility(), cell.actor()), cell) != null) {
          throw new IllegalStateException("duplicate matrix row: " + line);
        }
      }
    }
  }

  private static String key(String operation, String visibility, Actor actor) {
    return operation + " " + visibility + " " + actor;
  }
}
