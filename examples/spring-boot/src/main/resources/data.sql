MERGE INTO book KEY (id) VALUES (1, 'The Pragmatic Programmer');
MERGE INTO book KEY (id) VALUES (2, 'Java Concurrency in Practice');
MERGE INTO book KEY (id) VALUES (3, 'Effective Java');
MERGE INTO book KEY (id) VALUES (4, 'Designing Data-Intensive Applications');
