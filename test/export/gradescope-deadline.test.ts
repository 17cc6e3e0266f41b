/**
 * Which deadline the late policy uses on Gradescope, from submission_metadata.json as Gradescope
 * documents it (gradescope-autograders.readthedocs.io, "Submission Metadata"): the assignment's
 * due_date and late_due_date, and a user's own (an extension) under users[i].assignment.
 */
import { describe, expect, it } from 'vitest';
import { applyLatePolicy } from '../../grader/grade/late-policy';
import { loadCatalog } from '../../grader/shared/catalog';
import { chooseDeadline, gradescopeDates } from '../../grader/export/gradescope/deadline';
import { PACKAGE_ROOT } from '../../grader/shared/kit';

const catalog = loadCatalog(PACKAGE_ROOT);
const DUE = '2026-12-10T23:59:00.000000+03:00';
const LATE_DUE = '2026-12-13T23:59:00.000000+03:00';
const OWN_DUE = '2026-12-12T23:59:00.000000+03:00';
const OWN_LATE = '2026-12-15T23:59:00.000000+03:00';

describe("Gradescope's due dates", () => {
  it("the assignment's dates, or the user's own when they have an extension", () => {
    expect(gradescopeDates({ assignment: { due_date: DUE, late_due_date: null }, users: [{ email: 'a@x' }] })).toEqual({
      dueDate: DUE,
      lateDueDate: null,
      extension: false,
    });
    expect(
      gradescopeDates({
        assignment: { due_date: DUE, late_due_date: LATE_DUE },
        users: [{ email: 'a@x', assignment: { due_date: DUE, late_due_date: LATE_DUE } }],
      }),
    ).toEqual({
      dueDate: DUE,
      lateDueDate: LATE_DUE,
      extension: false,
    });
    expect(
      gradescopeDates({
        assignment: { due_date: DUE, late_due_date: LATE_DUE },
        users: [{ assignment: { due_date: OWN_DUE, late_due_date: OWN_LATE } }],
      }),
    ).toEqual({
      dueDate: OWN_DUE,
      lateDueDate: OWN_LATE,
      extension: true,
    });
    expect(gradescopeDates({})).toEqual({ dueDate: null, lateDueDate: null, extension: false });
    expect(gradescopeDates({ assignment: { due_date: 'soon' } }).dueDate).toBeNull();
  });

  it("uses Gradescope's due date over course.json's, and says so in both languages", () => {
    const choice = chooseDeadline(
      { dueDate: DUE, lateDueDate: LATE_DUE, extension: false },
      '2026-12-11T10:00:00+03:00',
      catalog,
    );
    expect(choice.deadline).toBe(DUE);
    expect(choice.source).toBe('gradescope');
    expect(choice.catalog).toBe(catalog);
    expect(choice.note.en).toBe(
      `Late policy: Gradescope's due date, ${DUE}. Nothing is earned after the late due date, ${LATE_DUE}.`,
    );
    expect(choice.note.ru).toBe(
      `Правило опоздания: срок сдачи в Gradescope, ${DUE}. После позднего срока, ${LATE_DUE}, баллы не начисляются.`,
    );
    // One day late by Gradescope's date, on time by course.json's: the course's 10% a day applies.
    const late = applyLatePolicy({
      policy: choice.catalog.latePolicy,
      deadline: choice.deadline,
      submittedAt: '2026-12-11T10:00:00+03:00',
      rawMilli: 50_000,
    });
    expect(late.penaltyMilli).toBe(5_000);
  });

  it('after the late due date nothing is earned, even inside the grace minutes of course.json', () => {
    const justAfter = '2026-12-13T23:59:30+03:00';
    const choice = chooseDeadline({ dueDate: LATE_DUE, lateDueDate: LATE_DUE, extension: false }, justAfter, catalog);
    expect(choice.note.en).toContain(
      `Submitted after the late due date, ${LATE_DUE}: this submission earns no points.`,
    );
    const late = applyLatePolicy({
      policy: choice.catalog.latePolicy,
      deadline: choice.deadline,
      submittedAt: justAfter,
      rawMilli: 50_000,
    });
    expect(late.penaltyMilli).toBe(50_000);
  });

  it("an extension is named as the student's own date; no due date means course.json's", () => {
    expect(chooseDeadline({ dueDate: OWN_DUE, lateDueDate: null, extension: true }, null, catalog).note.en).toBe(
      `Late policy: your own due date on Gradescope (an extension), ${OWN_DUE}.`,
    );
    const none = chooseDeadline({ dueDate: null, lateDueDate: null, extension: false }, null, catalog);
    expect([none.deadline, none.source, none.note.en]).toEqual([
      catalog.deadline,
      'course',
      `Late policy: the course's deadline, ${catalog.deadline}.`,
    ]);
  });
});
