namespace MedMLNet.Data.Redaction;

/// <summary>
/// Common English given names, for names with no context at all ("John Smith presented with ..."): a listed given name
/// followed by a capitalised surname is taken as a person's name. Names that are also common words or months (Will, May,
/// June, Mark, Grace, Hope, ...) are left out on purpose: they would redact clinical text.
/// </summary>
internal static class CommonGivenNames
{
    public static readonly HashSet<string> All = new(StringComparer.Ordinal)
    {
        // men
        "James", "John", "Robert", "Michael", "William", "David", "Richard", "Joseph", "Thomas", "Charles", "Christopher",
        "Daniel", "Matthew", "Anthony", "Donald", "Steven", "Paul", "Andrew", "Joshua", "Kenneth", "Kevin", "Brian", "George",
        "Timothy", "Ronald", "Edward", "Jason", "Jeffrey", "Ryan", "Jacob", "Gary", "Nicholas", "Eric", "Jonathan", "Stephen",
        "Larry", "Justin", "Scott", "Brandon", "Benjamin", "Samuel", "Gregory", "Alexander", "Patrick", "Jack", "Dennis",
        "Jerry", "Tyler", "Aaron", "Jose", "Adam", "Nathan", "Henry", "Douglas", "Zachary", "Peter", "Kyle", "Ethan", "Walter",
        "Noah", "Jeremy", "Christian", "Keith", "Roger", "Terry", "Gerald", "Harold", "Sean", "Austin", "Carl", "Arthur",
        "Lawrence", "Dylan", "Jesse", "Jordan", "Bryan", "Billy", "Joe", "Bruce", "Gabriel", "Logan", "Albert", "Willie",
        "Alan", "Juan", "Wayne", "Elijah", "Randy", "Roy", "Vincent", "Ralph", "Eugene", "Russell", "Bobby", "Mason", "Philip",
        "Louis", "Harry", "Liam", "Oliver", "Lucas", "Aiden", "Carlos", "Luis", "Miguel", "Ahmed", "Mohammed", "Muhammad",
        "Ali", "Omar", "Raj", "Rahul", "Wei", "Hiroshi", "Kenji", "Ivan", "Dmitri", "Pierre", "Hans", "Giovanni", "Marco",
        // women
        "Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Barbara", "Susan", "Jessica", "Sarah", "Karen", "Lisa", "Nancy",
        "Betty", "Margaret", "Sandra", "Ashley", "Kimberly", "Emily", "Donna", "Michelle", "Carol", "Amanda", "Dorothy",
        "Melissa", "Deborah", "Stephanie", "Rebecca", "Sharon", "Laura", "Cynthia", "Kathleen", "Amy", "Angela", "Shirley",
        "Anna", "Brenda", "Pamela", "Emma", "Nicole", "Helen", "Samantha", "Katherine", "Christine", "Debra", "Rachel",
        "Carolyn", "Janet", "Catherine", "Maria", "Heather", "Diane", "Ruth", "Julie", "Olivia", "Joyce", "Virginia",
        "Victoria", "Kelly", "Lauren", "Christina", "Joan", "Evelyn", "Judith", "Megan", "Andrea", "Cheryl", "Hannah",
        "Jacqueline", "Martha", "Gloria", "Teresa", "Ann", "Sara", "Madison", "Frances", "Kathryn", "Janice", "Jean", "Abigail",
        "Alice", "Judy", "Sophia", "Denise", "Amber", "Doris", "Marilyn", "Danielle", "Beverly", "Isabella", "Theresa",
        "Diana", "Natalie", "Brittany", "Charlotte", "Marie", "Kayla", "Alexis", "Lori", "Eleanor", "Ava", "Mia", "Chloe",
        "Fatima", "Aisha", "Priya", "Yuki", "Mei", "Olga", "Elena", "Sofia", "Lucia", "Ingrid", "Svetlana",
        "Jane", "Julia", "Claire", "Kate", "Katie", "Jenny", "Lucy", "Sally", "Molly", "Zoe", "Leah", "Nina", "Tina", "Amelia",
        "Ana", "Carmen", "Rosa", "Pooja", "Anjali", "Neha", "Sunita", "Lakshmi", "Layla", "Zainab", "Mariam", "Ngozi", "Amara",
        // more men
        "Frank", "Fred", "Tom", "Tim", "Sam", "Ben", "Jim", "Bob", "Mike", "Dave", "Steve", "Chris", "Matt", "Nick", "Tony",
        "Alex", "Jake", "Jorge", "Pedro", "Manuel", "Javier", "Amit", "Ravi", "Sanjay", "Anil", "Sunil",
        "Vijay", "Arjun", "Deepak", "Hassan", "Hussein", "Khalid", "Yusuf", "Ibrahim", "Mustafa", "Takeshi", "Kwame", "Chinedu",
    };
}
