package org.glimpse.core.service;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.image.Member;
import org.glimpse.core.port.MemberRepository;

/** Memberships in a map, for service tests. */
final class InMemoryMembers implements MemberRepository {
  private final InMemoryImages images;
  final Map<String, Member> rows = new LinkedHashMap<>();
  private final Map<String, Member> removed = new LinkedHashMap<>();

  InMemoryMembers(InMemoryImages images) {
    this.images = images;
  }

  private static String key(String imageId, String memberId) {
    return imageId + "/" + memberId;
  }

  @Override
  public List<Member> listForImage(String imageId) {
    return rows.values().stream().filter(m -> m.imageId().equals(imageId)).toList();
  }

  @Override
  public List<Member> listForMember(String memberId) {
    return rows.values().stream()
        .filter(m -> m.memberId().equals(memberId) && images.find(m.imageId()).isPresent()).toList();
  }

  @Override
  public Optional<Member> find(String imageId, String memberId) {
    return Optional.ofNullable(rows.get(key(imageId, memberId)));
  }

  @Override
  public synchronized boolean add(Member member, int limit) {
    if (limit >= 0 && count(member.imageId()) >= limit) {
      return false;
    }
    if (rows.putIfAbsent(key(member.imageId(), member.memberId()), member) != null) {
      throw new ConflictException("duplicate member");
    }
    removed.remove(key(member.imageId(), member.memberId()));
    return true;
  }

  @Override
  public void update(Member member) {
    if (rows.replace(key(member.imageId(), member.memberId()), member) == null) {
      throw new NotFoundException("no member");
    }
  }

  @Override
  public boolean remove(String imageId, String memberId, Instant when) {
    Member gone = rows.remove(key(imageId, memberId));
    if (gone != null) {
      removed.put(key(imageId, memberId), gone);
    }
    return gone != null;
  }

  @Override
  public Optional<Member> findRemoved(String imageId, String memberId) {
    return Optional.ofNullable(removed.get(key(imageId, memberId)));
  }

  @Override
  public int count(String imageId) {
    return listForImage(imageId).size();
  }
}
