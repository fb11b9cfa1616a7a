package persons

import "strings"

// givenNames are common given names across the languages of the shows
// recast meets (English, German, Dutch, French, Spanish, Catalan,
// Portuguese, Italian, Nordic, Slavic and more), compiled by hand for this
// package: no maintained Go module ships such a list, and a small one
// decides only the weakest patterns. A name found by a weak pattern — an
// episode title that ends "with Windmill Fighting", "mit Index out of
// bounds", "– Design Thinking" — is a person only when its first word is
// one of these; the explicit patterns ("Guest: …", "Today's guest, …",
// credit lines) need no such proof.
var givenNames = wordSet(`
Aaron Abby Abdul Abe Abigail Ada Adam Adele Adrian Adriana Adrienne Agnes Ahmed Aidan Aiden Aileen
Aimee Aisha Al Alan Alana Albert Alberto Alec Alecks Alejandro Alejandra Aleksandr Alena Alessandro
Alessandra Alex Alexa Alexander Alexandra Alexandre Alexis Alfonso Alfred Alfredo Ali Alice Alicia
Alina Alison Alistair Allan Allen Allison Ally Allyn Alma Alvaro Álvaro Amanda Amber Amelia Amir Amit
Amy Ana Anders Andi Andre André Andrea Andreas Andrei Andres Andrés Andrew Andrzej Andy Angel Ángel
Angela Àngela Ángela Angelika Angelo Angie Anita Anja Ann Anna Anne Annette Annie Anthony Antoine
Anton Antonia Antonio Antònia Antoni April Arash Archie Ari Ariana Ariel Arjun Armin Arnaud Arne Arnold
Art Arthur Arturo Ash Ashley Asha Astrid Audrey Aurora Austin Ava Axel Aziz Barbara Barry Bart Bas
Beatrice Beatriz Becky Bella Ben Benedict Benjamin Benoît Bernard Bernd Bernhard Bert Beth Bettina
Betty Bianca Bill Billy Bjorn Björn Blake Bob Bobby Bonnie Boris Brad Bradley Brandon Brenda Brendan
Brent Brett Brian Bridget Britt Brittany Brooke Bruce Bruno Bryan Bryce Caitlin Caleb Callum Cameron
Camila Camille Candice Cara Carl Carla Carles Carlo Carlos Carly Carmen Carol Caroline Carolyn
Carrie Carsten Casey Cassandra Cat Catherine Cathy Cecilia Celia Celine Chad Chani Charles Charlie
Charlotte Chelsea Cheryl Chiara Chloe Chris Christa Christian Christiane Christina Christine
Christoph Christopher Chuck Cindy Claire Clara Clare Clark Claudia Claudio Claus Clemens Cliff
Clint Cody Colin Colleen Connor Conor Constanze Corey Cory Courtney Craig Cristina Cynthia Daan
Dale Damian Damien Dan Dana Daniel Daniela Daniele Danielle Danny Dario Darren Dave David Dawn Dean
Debbie Deborah Declan Denis Denise Dennis Derek Desmond Diana Diane Diego Dieter Dimitri Dina Dirk
Dmitri Dmitry Dolores Dominic Dominik Dominique Don Donald Donna Doris Dorothy Doug Douglas Drew
Duncan Dustin Dylan Ed Eddie Edgar Edith Eduardo Edward Edwin Eileen Elaine Eleanor Elena Eli Elias
Elijah Elin Elisa Elisabeth Eliza Elizabeth Ella Ellen Ellie Elliot Elliott Eloise Elsa Emanuel
Emil Emilia Emilie Emily Emma Emmanuel Enio Enrique Enric Eric Erica Erik Erika Erin Ernst Esther
Ethan Eugene Eva Evan Eve Evelyn Fabian Fabio Fabrice Farah Fatima Federico Felicity Felix Félix
Fernando Filipe Fiona Florence Florian Floris Frances Francesca Francesco Francis Francisco Franco
Frank Franz Fred Frederick Frederik Frida Friedrich Gabe Gabriel Gabriela Gabriele Gabrielle Gail
Gareth Garrett Gary Gavin Gemma Gene Geoff Geoffrey George Georg Georgia Gerald Gerard Gerhard
Gianluca Gina Giorgio Giovanni Gisela Giulia Giuseppe Glen Glenn Gloria Gordon Grace Graham Grant
Greg Gregor Gregory Greta Guido Guilherme Guillaume Guillermo Günter Gunnar Gus Gustavo Guy Hakim
Haley Hank Hanna Hannah Hannes Hans Harald Harold Harriet Harry Harvey Hassan Hayley Heather Hector
Heidi Heike Heinz Helen Helena Helga Hélio Henrik Henry Herbert Hilary Holger Holly Howard Howie
Hugh Hugo Ian Ibrahim Ida Ignacio Igor Ilya Imogen Ines Inés Inga Ingo Ingrid Irene Iris Isaac
Isabel Isabella Isabelle Isaki Ivan Ivo Jack Jackie Jackson Jacob Jacqueline Jade Jaime Jake James
Jamie Jan Jana Jane Janet Janice Janine Jared Jasmine Jason Javier Jay Jean Jeanne Jeff Jeffrey
Jen Jenna Jennifer Jenny Jens Jeremy Jermey Jerome Jerry Jess Jesse Jessica Jesús Jill Jim Jimmy Jo
Joan Joana Joanna Joanne João Jochen Jodi Jody Joe Joel Joey Johan Johann Johanna Johannes John
Johnny Jon Jonas Jonathan Jordan Jordi Jorge Jörg Jose José Josef Josep Joseph Josh Joshua Josiah
Joy Joyce Juan Judith Judy Julia Julian Julie Julien Juliet Julio Julius Jun Justin Justine Jürgen
Kai Karen Karin Karina Karl Kate Katharina Katherine Kathleen Kathryn Kathy Katie Katja Katrin
Katy Kawtar Kayla Keiran Keith Kelly Ken Kendra Kenneth Kenny Kerry Kevin Kieran Kim Kimberly Kirk
Kirsten Klaus Kris Krista Kristen Kristin Kristina Kumars Kurt Kyle Laia Lana Lance Lara Larry
Laura Lauren Laurence Laurie Lea Léa Leah Lee Leigh Lena Lennart Leo Leon Leonard Leonardo Leslie
Letty Lewis Liam Lily Lina Linda Lindsay Lindsey Linus Lisa Liz Lloyd Logan Lois Lola Loren Lorena
Lorenzo Lori Lotte Louis Louise Lucas Lucia Lúcia Luciano Lucy Luis Luisa Luka Lukas Luke Luna Lydia
Lynn Lyse Madeleine Madison Magnus Maja Malcolm Manuel Manuela Marc Marcel Marcia Marco Marcos
Marcus Margaret Margarita Mari Maria María Marian Marianne Marie Marina Mario Marion Marissa Marius
Mark Marko Markus Marlene Marta Martha Martin Martina Marty Marvin Mary Mason Mathias Matt Matteo
Matthew Matthias Matti Maureen Maurice Max Maxim Maxime Maximilian Maya Megan Meghan Melanie Melissa
Mia Micha Michael Michaela Michel Michele Michelle Miguel Mika Mike Mikaela Mikael Mila Milan Miles
Milo Mindy Miranda Miriam Mireia Mitch Mitchell Mohamed Mohammed Molly Mona Monica Mónica Monika
Montse Morgan Moritz Muhammad Murray Nadia Nadine Nancy Naomi Nat Natalia Natalie Nate Nathan
Nathaniel Neal Neil Nele Nicholas Nick Nicki Nico Nicola Nicolas Nicole Niels Nik Nikki Nikola
Nikolai Nikole Nils Nina Noah Noel Nora Norbert Norman Núria Nuria Olaf Oleg Oliver Olivia Omar
Oriol Orla Oscar Oskar Otto Owen Pablo Paige Pam Pamela Paolo Pascal Pat Patricia Patrick Patrik
Patty Pau Paul Paula Paulo Pedro Peggy Penny Pere Peter Petra Phil Philip Philipp Philippe Phillip
Phoebe Pia Pierre Pieter Piotr Polly Pope Quentin Quim Quinn Rachel Rafael Rainer Ralf Ralph
Ramon Ramón Randy Raquel Raúl Ray Rebecca Regina Reinhard Rene René Renee Renée Ricardo Richard Rick
Ricky Rita Rob Robbie Robert Roberta Roberto Robin Rocco Rod Roddi Rodrigo Roger Roland Rolf Roman
Ron Ronald Rosa Rose Rosie Ross Roxanne Roy Ruben Rubén Ruby Rudi Rudolf Rupert Russ Russell Ruth
Ryan Sabine Sabrina Sacha Sally Sam Samantha Samir Samuel Sandra Sandy Sara Sarah Sascha Saul Scott
Sean Sebastian Sebastián Serena Sergei Sergey Sergio Seth Shane Shannon Sharon Shaun Shawn Sheila
Sheryl Shirley Sibylle Silvia Simon Simone Sina Skyler Sofia Sofía Sonia Sonja Sophia Sophie Stacy
Stan Stanley Stefan Stefanie Steffen Stella Stephan Stephanie Stephen Steve Steven Stuart Sue Susan
Susanne Suzanne Suzy Sven Svenja Sylvia Tamara Tanja Tanya Tara Ted Teresa Teri Terry Tess Theo
Theodore Theresa Thilo Thomas Thorsten Tiffany Tim Timo Timothy Tina Tobias Toby Todd Tom Tomas
Tomás Tommy Toni Tony Tori Torsten Tracy Travis Trevor Tristan Troy Tyler Ulrich Ulrike Uwe Valentin
Valentina Valerie Vanessa Vera Veronica Victor Víctor Victoria Vincent Viola Violet Virginia Vitaliy
Vivian Vladimir Walter Wanda Wanne Warren Wayne Wendy Werner Wes Wesley Whitney Will William Willem
Wim Wolfgang Xavier Yael Yann Yara Yasmin Yolanda Yusuf Yvonne Zach Zachary Zakee Zoe Zoë Zoey
`)

// firstWordGiven reports whether name's first word (after a title) is a
// common given name.
func firstWordGiven(name string) bool {
	for _, w := range strings.Fields(name) {
		if titles[w] {
			continue
		}
		return givenNames[w]
	}
	return false
}
