/** Fictional names and places for the large council. Ethnicities are CLD Release 2 values. */
export const GIVEN_NAMES = ['Aaliyah', 'Abdul', 'Ada', 'Adam', 'Agnes', 'Ahmed', 'Aisha', 'Alan', 'Alice', 'Amara', 'Amir', 'Ann', 'Arthur', 'Barbara', 'Ben', 'Bernard', 'Betty', 'Bilal', 'Brenda', 'Carl', 'Carol', 'Catherine', 'Chen', 'Chloe', 'Colin', 'Daniel', 'David', 'Deborah', 'Dennis', 'Doris', 'Dorothy', 'Edith', 'Edward', 'Eileen', 'Elijah', 'Elizabeth', 'Emeka', 'Emily', 'Eric', 'Fatima', 'Frank', 'Gareth', 'Gloria', 'Grace', 'Hannah', 'Harold', 'Harry', 'Hassan', 'Helen', 'Ibrahim', 'Irene', 'Isaac', 'Jack', 'James', 'Jan', 'Janet', 'Jean', 'Joan', 'John', 'Joyce', 'Kamal', 'Karen', 'Kevin', 'Kofi', 'Leon', 'Lily', 'Linda', 'Lucy', 'Malik', 'Margaret', 'Maria', 'Mary', 'Maureen', 'Michael', 'Mohammed', 'Nadia', 'Naomi', 'Nia', 'Norman', 'Olive', 'Oliver', 'Omar', 'Patricia', 'Paul', 'Peter', 'Priya', 'Rachel', 'Raj', 'Raymond', 'Rose', 'Ruth', 'Sandra', 'Sarah', 'Shirley', 'Simon', 'Sophie', 'Stanley', 'Susan', 'Tariq', 'Thomas', 'Tom', 'Valerie', 'Wei', 'William', 'Yusuf', 'Zara'];
export const FAMILY_NAMES = ['Adams', 'Ahmed', 'Ali', 'Allen', 'Anderson', 'Ashworth', 'Bailey', 'Baker', 'Banerjee', 'Begum', 'Bell', 'Brown', 'Campbell', 'Carter', 'Chan', 'Clarke', 'Collins', 'Cook', 'Cooper', 'Davies', 'Edwards', 'Evans', 'Fisher', 'Green', 'Hall', 'Harris', 'Hill', 'Hughes', 'Hussain', 'Jackson', 'James', 'Johnson', 'Jones', 'Kaur', 'Khan', 'King', 'Kowalski', 'Lee', 'Lewis', 'Martin', 'Mensah', 'Mitchell', 'Moore', 'Morgan', 'Morris', 'Murphy', 'Nowak', "O'Brien", 'Okafor', 'Owen', 'Parker', 'Patel', 'Phillips', 'Price', 'Pritchard', 'Roberts', 'Robinson', 'Rahman', 'Scott', 'Shah', 'Singh', 'Smith', 'Stewart', 'Taylor', 'Thomas', 'Thompson', 'Turner', 'Walker', 'Ward', 'Watson', 'White', 'Whitfield', 'Williams', 'Wilson', 'Wood', 'Wright', 'Young', 'Zhang'];
export const TEAM_PLACES = ['Northfield', 'Southgate', 'Riverside', 'Hillcrest', 'Eastbrook', 'Westmoor', 'Anytown Central', 'Oakley', 'Ashford Vale', 'Brookside', 'Castleton', 'Deanfield', 'Elmstead', 'Fairview', 'Greenhill', 'Highbury Park', 'Kingsmead', 'Longacre', 'Millbrook', 'Newlands'];
export const ETHNICITIES = [
  'White: English, Welsh, Scottish, Northern Irish or British',
  'White: English, Welsh, Scottish, Northern Irish or British',
  'White: English, Welsh, Scottish, Northern Irish or British',
  'White: Irish',
  'White: Any other White background',
  'Asian or Asian British: Indian',
  'Asian or Asian British: Pakistani',
  'Asian or Asian British: Bangladeshi',
  'Black, Black British, Caribbean or African: African',
  'Black, Black British, Caribbean or African: Caribbean',
  'Mixed or multiple ethnic groups: White and Black Caribbean',
];
