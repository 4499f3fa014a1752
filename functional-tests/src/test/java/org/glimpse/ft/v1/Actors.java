package org.glimpse.ft.v1;

import java.util.UUID;
import org.glimpse.ft.support.GlimpseTestServer;

/**
 * The spec's actors under projects unique to one test: A, B, C, D, E (role member) own projects
 * tA … tE; ADM is an admin in tAdm; NOP is authenticated with no project.
 */
final class Actors {
  final String suffix = UUID.randomUUID().toString().substring(0, 8);
  final GlimpseTestServer server;
  final V1Client a;
  final V1Client b;
  final V1Client c;
  final V1Client d;
  final V1Client e;
  final V1Client adm;
  final V1Client nop;

  Actors(GlimpseTestServer server) {
    this.server = server;
    this.a = as("tA");
    this.b = as("tB");
    this.c = as("tC");
    this.d = as("tD");
    this.e = as("tE");
    this.adm = new V1Client(server.as(t("tAdm"), "admin,member"), t("tAdm"));
    this.nop = new V1Client(server.as("", "member"), null);
  }

  /** The project id this test uses for the spec's name {@code tX}. */
  String t(String name) {
    return name + "-" + suffix;
  }

  V1Client as(String name) {
    return new V1Client(server.as(t(name), "member,reader"), t(name));
  }

  /** An admin without a project. */
  V1Client tenantlessAdmin() {
    return new V1Client(server.as("", "admin"), null);
  }
}
