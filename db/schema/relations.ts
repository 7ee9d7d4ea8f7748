import { relations } from 'drizzle-orm';
import { departments, postHolders, postRoles, posts, users } from './organisation';
import {
  fundingSources,
  goals,
  indicatorYears,
  indicators,
  partners,
  programs,
  stageYears,
  stages,
  strategies,
  tasks,
} from './strategy';

export const departmentsRelations = relations(departments, ({ many }) => ({
  posts: many(posts),
  users: many(users),
}));
export const usersRelations = relations(users, ({ one, many }) => ({
  department: one(departments, { fields: [users.departmentId], references: [departments.id] }),
  holdings: many(postHolders),
}));
export const postsRelations = relations(posts, ({ one, many }) => ({
  department: one(departments, { fields: [posts.departmentId], references: [departments.id] }),
  holders: many(postHolders),
  roles: many(postRoles),
}));
export const postHoldersRelations = relations(postHolders, ({ one }) => ({
  post: one(posts, { fields: [postHolders.postId], references: [posts.id] }),
  user: one(users, { fields: [postHolders.userId], references: [users.id] }),
}));
export const postRolesRelations = relations(postRoles, ({ one }) => ({
  post: one(posts, { fields: [postRoles.postId], references: [posts.id] }),
}));
export const strategiesRelations = relations(strategies, ({ many }) => ({ goals: many(goals) }));
export const goalsRelations = relations(goals, ({ one, many }) => ({
  strategy: one(strategies, { fields: [goals.strategyId], references: [strategies.id] }),
  programs: many(programs),
}));
export const programsRelations = relations(programs, ({ one, many }) => ({
  goal: one(goals, { fields: [programs.goalId], references: [goals.id] }),
  tasks: many(tasks),
}));
export const tasksRelations = relations(tasks, ({ one, many }) => ({
  program: one(programs, { fields: [tasks.programId], references: [programs.id] }),
  stages: many(stages),
  partners: many(partners),
  indicators: many(indicators),
  fundingSources: many(fundingSources),
}));
export const stagesRelations = relations(stages, ({ one, many }) => ({
  task: one(tasks, { fields: [stages.taskId], references: [tasks.id] }),
  years: many(stageYears),
}));
export const stageYearsRelations = relations(stageYears, ({ one }) => ({
  stage: one(stages, { fields: [stageYears.stageId], references: [stages.id] }),
}));
export const partnersRelations = relations(partners, ({ one }) => ({
  task: one(tasks, { fields: [partners.taskId], references: [tasks.id] }),
}));
export const indicatorsRelations = relations(indicators, ({ one, many }) => ({
  task: one(tasks, { fields: [indicators.taskId], references: [tasks.id] }),
  years: many(indicatorYears),
}));
export const indicatorYearsRelations = relations(indicatorYears, ({ one }) => ({
  indicator: one(indicators, { fields: [indicatorYears.indicatorId], references: [indicators.id] }),
}));
export const fundingSourcesRelations = relations(fundingSources, ({ one }) => ({
  task: one(tasks, { fields: [fundingSources.taskId], references: [tasks.id] }),
}));
